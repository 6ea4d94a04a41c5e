import { describe, expect, it } from "vitest";

import { parseFailedJobError } from "./error-body";
import { errorFromFailedJob, errorFromResponse } from "./errors";
import { parseStorageIdentity } from "./identity";

/*
 * A contract test: answers of real arrays as public projects published them, each parsed by the
 * same code the client runs (the identity by getStorageIdentity's parser, errors by
 * errorFromResponse). Each comment names where the answer comes from and says where a value was
 * filled in or re-keyed; where no recording exists in public, the comment says so and the test
 * uses only values the sources quote.
 */

const JSON_UTF8 = "application/json;charset=utf-8";

describe("recorded identities", () => {
  it("VSP G350, three-group microcode (embedded form, no SVP)", () => {
    // opensvc/opensvc, opensvc/drivers/array/hcs.py, docstring of Hcs.get_system: the answer of
    // GET .../storages/instance as recorded there. The project masked digits of the serial number
    // with "x" ("88xxxxxxxx91", xxxx91); the masked digits are filled in here as the G350 prefix
    // 882000 and serial 000091. Everything else is as recorded.
    const recorded = {
      storageDeviceId: "882000000091",
      model: "VSP G350",
      serialNumber: 91,
      ctl1Ip: "192.168.xx.xx",
      ctl2Ip: "192.168.xx.xx",
      dkcMicroVersion: "88-06-02/10",
      communicationModes: [{ communicationMode: "lanConnectionMode" }],
      isSecure: true,
      targetCtl: "CTL1",
      usesSvp: false,
    };
    expect(parseStorageIdentity(recorded)).toEqual({
      storageDeviceId: "882000000091",
      model: "VSP G350",
      serialNumber: 91,
      dkcMicroVersion: "88-06-02/10",
    });
  });

  it("VSP G900 (REST API server form, storages/{storageDeviceId})", () => {
    // No stored file with this answer was found. The values are the example of the vendor's
    // Configuration Manager REST API reference (MK-98RD9014), as the public clients (cinder's
    // hbsd_rest_api.py, hitachi-vantara/vspone-block-ansible, opensvc's hcs.py) read it.
    const answer = {
      storageDeviceId: "886000123456",
      model: "VSP G900",
      serialNumber: 123456,
      svpIp: "192.0.2.100",
      ctl1Ip: "192.0.2.11",
      ctl2Ip: "192.0.2.12",
      dkcMicroVersion: "88-02-00/20",
      communicationModes: [{ communicationMode: "lanConnectionMode" }],
      isSecure: true,
      targetCtl: "CTL1",
      usesSvp: true,
    };
    expect(parseStorageIdentity(answer)).toEqual({
      storageDeviceId: "886000123456",
      model: "VSP G900",
      serialNumber: 123456,
      dkcMicroVersion: "88-02-00/20",
    });
    // The server form's list answer carries no microcode: still an identity.
    expect(parseStorageIdentity({ storageDeviceId: "886000123456", model: "VSP G900", serialNumber: 123456 })).toEqual({
      storageDeviceId: "886000123456",
      model: "VSP G900",
      serialNumber: 123456,
    });
  });

  it("VSP One B26, microcode with letters, storageDeviceId with letters", () => {
    // hitachi-vantara/vspone-block-ansible: the module documentation's samples (RETURN blocks of
    // plugins/modules/vsp/hv_storagesystem_facts.py: microcode_version "A3-04-21-40/00", model
    // "VSP One B26", serial_number "810045"; the iSCSI remote-connection modules: storage device id
    // "A34000810045" for that serial). The collection prints them snake_case; re-keyed here to the
    // REST API's field names.
    const answer = {
      storageDeviceId: "A34000810045",
      model: "VSP One B26",
      serialNumber: 810045,
      dkcMicroVersion: "A3-04-21-40/00",
    };
    expect(parseStorageIdentity(answer)).toEqual(answer);
  });
});

describe("recorded errors", () => {
  it("KART30008-E inside a failed job: another application holds the array", () => {
    // opensvc/opensvc, opensvc/drivers/array/hcs.py retries KART30008-E (RETRYABLE_ERROR_MSG_IDS;
    // pull request #477 "hcs-KART30008-E"), and reads a job's error under "error" when its state
    // is "Failed". No stored file carries the whole job; the messageId and its text are as those
    // sources and the vendor's message list give them.
    const job = {
      jobId: 12,
      status: "Completed",
      state: "Failed",
      error: { messageId: "KART30008-E", message: "Unable to lock the storage system." },
    };
    expect(parseFailedJobError(job)).toEqual(job.error);
    const error = errorFromFailedJob(job, "creating encryption keys", "keys");
    expect(error).toMatchObject({ kind: "held", step: "keys", storage: { messageId: "KART30008-E" } });
    expect(error?.message).toMatch(/another management application/i);
  });

  it("401 'The specified token is invalid': the session is invalid or expired", () => {
    // The text the public clients match on an expired or unknown token (cinder's hbsd_rest_api.py,
    // opensvc's hcs.py re-authenticates on any 401); its messageId is not on record, so none here.
    const error = errorFromResponse(
      401,
      JSON_UTF8,
      JSON.stringify({ message: "The specified token is invalid." }),
      "reading the storage identity",
      "identity",
    );
    expect(error).toMatchObject({ kind: "auth", status: 401, step: "identity" });
    expect(error.message).toMatch(/session is invalid or expired/);
  });

  it("503 with KART00003-E: the REST API server is busy", () => {
    // KART00003-E heads the vendor's list of retryable messageIds (opensvc/opensvc,
    // opensvc/drivers/array/hcs.py RETRYABLE_ERROR_MSG_IDS; cinder's hbsd_rest_api.py); the body
    // of a 503 is not on record beyond its messageId.
    const error = errorFromResponse(
      503,
      JSON_UTF8,
      JSON.stringify({ messageId: "KART00003-E" }),
      "backing up",
      "backup",
    );
    expect(error).toMatchObject({ kind: "busy", status: 503, storage: { messageId: "KART00003-E" } });
  });

  it("a lock failure with SSB codes only, whatever the status", () => {
    // openstack/cinder, cinder/volume/drivers/hitachi/hbsd_rest_api.py recognises a lock failure by
    // SSB1/SSB2 2E11/2205 (and 2E11/2207) in errorCode, with messageId KART30000-E ("command ended
    // abnormally"), not by the status.
    for (const status of [400, 500, 503]) {
      const error = errorFromResponse(
        status,
        JSON_UTF8,
        JSON.stringify({ messageId: "KART30000-E", errorCode: { SSB1: "2E11", SSB2: "2205" } }),
        "backing up",
        "backup",
      );
      expect(error).toMatchObject({ kind: "locked", status, storage: { errorCode: { SSB1: "2E11", SSB2: "2205" } } });
    }
  });
});

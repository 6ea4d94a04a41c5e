import { describe, expect, it } from "vitest";

import { parseErrorBody, parseFailedJobError } from "./error-body";
import { errorFromFailedJob, errorFromResponse, INVALID_TOKEN_ADVICE, SESSION_LIMIT_SUMMARY } from "./errors";

const JSON_UTF8 = "application/json;charset=utf-8";
const body = (value: object) => JSON.stringify(value);

describe("errorFromResponse: locks by what the storage system says", () => {
  it.each([
    ["KART40050-E", 409],
    ["KART40051-E", 400],
    ["KART40052-E", 500],
    ["KART40052-E", 503],
  ])("messageId %s with HTTP %d is locked", (messageId, status) => {
    const error = errorFromResponse(status, JSON_UTF8, body({ messageId, message: "lock" }), "backing up", "backup");
    expect(error.kind).toBe("locked");
    expect(error.message).toMatch(/unlock/i);
  });

  it.each([
    [{ SSB1: "2E11", SSB2: "2205" }, 500],
    [{ SSB1: "2e11", SSB2: "2207" }, 400],
    [{ errorCode: "EX_EACCES" }, 503],
  ])("errorCode %j with HTTP %d is locked", (errorCode, status) => {
    const error = errorFromResponse(status, JSON_UTF8, body({ messageId: "KART30000-E", errorCode }), "backing up");
    expect(error.kind).toBe("locked");
    expect(error.storage?.errorCode).toEqual(errorCode);
  });

  it("a 409 by itself is a generic conflict, not a lock", () => {
    const error = errorFromResponse(409, JSON_UTF8, body({ messageId: "KART40000-E", message: "x" }), "backing up");
    expect(error.kind).toBe("conflict");
    expect(error.message).not.toMatch(/unlock|lock/i);
    expect(errorFromResponse(409, null, "", "backing up").kind).toBe("conflict");
  });

  it("KART30008-E: another management application holds the storage system", () => {
    const error = errorFromResponse(
      500,
      JSON_UTF8,
      body({ messageId: "KART30008-E", message: "Unable to lock the storage system." }),
      "backing up",
    );
    expect(error.kind).toBe("held");
    expect(error.message).toMatch(/another management application/i);
    expect(error.message).toContain("Unable to lock the storage system.");
  });

  it("busy: KART00003-E whatever the status, or any 503", () => {
    expect(errorFromResponse(500, JSON_UTF8, body({ messageId: "KART00003-E" }), "x").kind).toBe("busy");
    expect(errorFromResponse(503, "text/html", "<html></html>", "x").kind).toBe("busy");
  });
});

describe("errorFromResponse: messages", () => {
  it("412 quotes what the storage system said, and predicts nothing", () => {
    const error = errorFromResponse(
      412,
      JSON_UTF8,
      body({ messageId: "KART40001-E", message: "The microcode version does not support this operation." }),
      "backing up the encryption keys",
      "backup",
    );
    expect(error.kind).toBe("unsupported");
    expect(error.step).toBe("backup");
    expect(error.message).toContain("KART40001-E");
    expect(error.message).toContain("The microcode version does not support this operation.");
    expect(errorFromResponse(412, null, "", "x").message).toMatch(/answered that its microcode does not support/);
  });

  it("a 503 at session creation names the 64-session limit and quotes the array", () => {
    const error = errorFromResponse(
      503,
      JSON_UTF8,
      body({ messageId: "KART00003-E", message: "wait a while and then run the request again" }),
      "creating a session",
      "session",
    );
    expect(error.kind).toBe("busy");
    expect(error.message.startsWith(SESSION_LIMIT_SUMMARY)).toBe(true);
    expect(error.message).toMatch(/64 sessions/);
    expect(error.message).toContain("KART00003-E");
    expect(error.message).toContain("wait a while");
    // Elsewhere a 503 is just busy.
    expect(errorFromResponse(503, null, "", "backing up", "backup").message).not.toMatch(/64/);
  });

  it("a 401 with 'The specified token is invalid' says the session is invalid or expired, per controller", () => {
    const error = errorFromResponse(
      401,
      JSON_UTF8,
      body({ message: "The specified token is invalid." }),
      "reading the storage identity",
      "identity",
    );
    expect(error.kind).toBe("auth");
    expect(error.step).toBe("identity");
    expect(error.message).toMatch(/session is invalid or expired/);
    expect(error.message).toContain(INVALID_TOKEN_ADVICE);
    expect(error.message).toMatch(/one controller or the SVP/);
  });

  it("a wrong password at session creation stays a refused credential", () => {
    const error = errorFromResponse(401, null, "", "creating a session", "session");
    expect(error.kind).toBe("auth");
    expect(error.message).toMatch(/refused the credentials/);
  });

  it("404 keeps its kind on any step; the step says which call it was", () => {
    const error = errorFromResponse(404, JSON_UTF8, "{}", "listing encryption keys", "keys");
    expect(error).toMatchObject({ kind: "not-found", step: "keys", status: 404 });
  });
});

describe("error bodies", () => {
  it.each(["application/json", "application/json;charset=utf-8", "Application/JSON; charset=UTF-8", "text/plain"])(
    "reads %s",
    (contentType) => {
      expect(parseErrorBody(contentType, body({ messageId: "KART40038-E" }))).toEqual({ messageId: "KART40038-E" });
    },
  );

  it("ignores HTML, garbage and unknown fields", () => {
    expect(parseErrorBody("text/html", body({ messageId: "KART40038-E" }))).toBeUndefined();
    expect(parseErrorBody(JSON_UTF8, "{not json")).toBeUndefined();
    expect(parseErrorBody(JSON_UTF8, body({ password: "x" }))).toBeUndefined();
  });

  it("reads a failed job's error; other jobs are not errors", () => {
    const failed = { jobId: 1, status: "Completed", state: "Failed", error: { messageId: "KART30008-E" } };
    expect(parseFailedJobError(failed)).toEqual({ messageId: "KART30008-E" });
    expect(parseFailedJobError({ ...failed, state: "Succeeded" })).toBeUndefined();
    expect(errorFromFailedJob({ ...failed, state: "Succeeded" }, "x")).toBeUndefined();
    expect(errorFromFailedJob(failed, "creating keys", "keys")).toMatchObject({ kind: "held", step: "keys" });
    expect(errorFromFailedJob({ state: "Failed" }, "creating keys")?.kind).toBe("server");
  });
});

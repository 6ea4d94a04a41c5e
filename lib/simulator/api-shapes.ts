import "server-only";

import type { Session } from "./session-table";
import { isoSeconds, type SystemState } from "./state";
import type { SimKey } from "./types";

export const API_VERSION = { productName: "Configuration Manager REST API", apiVersion: "1.22.0" } as const;

/** The body of GET storages/instance (the server form's storages/{id}, and each item of storages). */
export function storageIdentity(state: SystemState, targetCtl = "CTL1") {
  const { model, serialNumber, microcode } = state.config;
  // Addresses from the documentation range, different per system.
  const lastOctet = 10 + (serialNumber % 100) * 2;
  return {
    storageDeviceId: state.storageDeviceId,
    model,
    serialNumber,
    dkcMicroVersion: microcode,
    ctl1Ip: `192.0.2.${lastOctet}`,
    ctl2Ip: `192.0.2.${lastOctet + 1}`,
    communicationModes: [{ communicationMode: "lanConnectionMode" }],
    isSecure: true,
    targetCtl,
    usesSvp: false,
  };
}

/** A key as the API shows it: keyId is a string there. */
export function keyBody(key: SimKey) {
  return {
    keyId: String(key.keyId),
    createdTime: key.createdTime,
    keyType: key.keyType,
    uuid: "-",
    targetDeviceLocation: key.targetDeviceLocation,
    keyGeneratedLocation: "DKC",
    numOfBackups: key.numOfBackups,
  };
}

export function sessionBody(session: Session) {
  return {
    sessionId: session.sessionId,
    userId: session.user.username,
    ipAddress: session.ipAddress,
    createdTime: isoSeconds(session.createdMs),
    lastAccessedTime: isoSeconds(session.lastAccessedMs),
  };
}

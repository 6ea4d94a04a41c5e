import "server-only";

import type { SimSystemConfig, SimUser } from "./types";

/**
 * Users of each simulated system unless its config names others: one who can back up, one who can
 * only list keys, one who can only read the storage identity, and one with the security role but
 * no storage role, who cannot even create a session.
 */
export const DEFAULT_USERS: readonly SimUser[] = [
  { username: "secadmin", password: "Sim-Modify-Pass1", roles: ["storage-admin-view", "security-admin-modify"] },
  { username: "secviewer", password: "Sim-View-Pass1", roles: ["storage-admin-view", "security-admin-view"] },
  { username: "monitor", password: "Sim-None-Pass1", roles: ["storage-admin-view"] },
  { username: "keyadmin", password: "Sim-Key-Pass1", roles: ["security-admin-modify"] },
];

/**
 * The demo fleet: one system of each family, a VSP One whose microcode has letters, and a VSP E590
 * (the demo leaves it never backed up). The G370
 * is set to refuse the key backup (412), as an array whose microcode lacks the function does — the
 * demo needs a system that cannot back up. Microcode strings are only labels: nothing is predicted
 * from them.
 */
export const DEFAULT_SYSTEMS: readonly SimSystemConfig[] = [
  { model: "VSP E990", serialNumber: 412345, microcode: "93-07-01-80/00" },
  { model: "VSP 5500", serialNumber: 530021, microcode: "90-09-01-00/00" },
  { model: "VSP G370", serialNumber: 441108, microcode: "88-06-02-00/00", refusesKeyBackup: true },
  { model: "VSP One B26", serialNumber: 810045, microcode: "A3-04-21-40/00" },
  { model: "VSP E590", serialNumber: 459012, microcode: "93-06-01-80/00" },
];

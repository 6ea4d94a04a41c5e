import "server-only";

import type { SimSystemConfig, SimUser } from "./types";

/** Users of each simulated system unless its config names others. One per role. */
export const DEFAULT_USERS: readonly SimUser[] = [
  { username: "secadmin", password: "Sim-Modify-Pass1", role: "security-admin-modify" },
  { username: "secviewer", password: "Sim-View-Pass1", role: "security-admin-view" },
  { username: "monitor", password: "Sim-None-Pass1", role: "none" },
];

/**
 * The demo fleet: one system of each family. The G370's microcode predates 88-08-10, so it answers
 * a backup with 412 — the demo needs a system that cannot back up.
 */
export const DEFAULT_SYSTEMS: readonly SimSystemConfig[] = [
  { model: "VSP E990", serialNumber: 412345, microcode: "93-07-01-80/00" },
  { model: "VSP 5500", serialNumber: 530021, microcode: "90-09-01-00/00" },
  { model: "VSP G370", serialNumber: 441108, microcode: "88-06-02-00/00" },
];

// What `npm run demo` prints once the portal is ready, and writes to data/demo/README.txt.
// Plain data in, text out, so a test can read it as a newcomer would.

export type StorageRoleName = "storage-admin-view" | "security-admin-view" | "security-admin-modify";

export interface BannerStorageUser {
  username: string;
  password: string;
  roles: readonly StorageRoleName[];
}

export interface BannerSystem {
  /** As registered in the portal, e.g. "VSP E990 lab". */
  name: string;
  storageDeviceId: string;
  serialNumber: number;
  microcode: string;
  baseUrl: string;
}

export interface DemoBannerInput {
  portalUrl: string;
  admin: { username: string; password: string };
  systems: readonly BannerSystem[];
  /** The same on every system. */
  storageUsers: readonly BannerStorageUser[];
  /** The simulator's control server, e.g. "http://127.0.0.1:41999". */
  controlUrl: string;
  backupPassword: string;
  overdueDays: number;
  /** As shown, e.g. "data/demo". */
  dataDir: string;
  readmeFile: string;
  logFile: string;
}

const ROLE_LABELS: Record<StorageRoleName, string> = {
  "storage-admin-view": "Storage Administrator (View Only)",
  "security-admin-view": "Security Administrator (View Only)",
  "security-admin-modify": "Security Administrator (View & Modify)",
};

/** What the simulated arrays let the user do, by the roles each step checks. */
function abilityOf(user: BannerStorageUser): string {
  if (!user.roles.includes("storage-admin-view")) return "cannot even open a session (no Storage Administrator role)";
  if (user.roles.includes("security-admin-modify")) return "backs up the keys";
  if (user.roles.includes("security-admin-view")) return "lists keys, cannot back up";
  return "reads the system's identity, cannot back up";
}

/** The first storage user who can back up: a session, the identity and the key backup. */
export function backupUserOf(users: readonly BannerStorageUser[]): BannerStorageUser {
  const user = users.find((u) => u.roles.includes("storage-admin-view") && u.roles.includes("security-admin-modify"));
  if (!user) throw new Error("no simulated storage user can back up");
  return user;
}

function table(rows: readonly string[][], indent = "  "): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map(
      (row) =>
        indent +
        row
          .map((cell, column) => cell.padEnd(widths[column]!))
          .join("  ")
          .trimEnd(),
    )
    .join("\n");
}

function systemNamed(input: DemoBannerInput, model: string): BannerSystem | undefined {
  return input.systems.find((system) => system.name.startsWith(`${model} `));
}

/** The banner, without the terminal-only hint (see demoHint). Ends with a newline. */
export function demoBanner(input: DemoBannerInput): string {
  const backupUser = backupUserOf(input.storageUsers);
  const control = input.controlUrl;
  const faultTarget = systemNamed(input, "VSP E990") ?? input.systems[0]!;
  return `Key-backup portal demo: ready

Open ${input.portalUrl} and sign in as
  ${input.admin.username} / ${input.admin.password}    (a portal admin made for this run)

To back up a system: open it, choose "Back up encryption keys", and type the storage user
  ${backupUser.username} / ${backupUser.password}    holds ${backupUser.roles.map((role) => ROLE_LABELS[role]).join(" + ")}
and a backup password of your own (the demo's own backups used ${input.backupPassword}).

Simulated storage systems, registered in the portal with their certificates pinned:
${table(input.systems.map((s) => [s.name, `serial ${s.serialNumber}`, `microcode ${s.microcode}`, s.baseUrl]))}
Storage users on each:
${table(input.storageUsers.map((u) => [u.username, `/ ${u.password}`, abilityOf(u)]))}

The fleet (${input.portalUrl}/) shows every status, made with real calls to the simulated arrays:
${table([
  ["VSP E990 lab", "up to date", "backed up now"],
  ["VSP 5500 lab", "overdue", `backed up now, its history row dated ${input.overdueDays} days back`],
  ["VSP G370 lab", "refused by the array", "answers the key backup with 412, as an array without the function does"],
  ["VSP One B26 lab", "keys not backed up", "backed up, then 3 keys created and a key check run"],
  ["VSP E590 lab", "never backed up", ""],
])}

Fault injection: the simulator's control server at ${control} (plain HTTP, loopback only)
  the systems, their storageDeviceIds, open sessions and settings:
    curl ${control}/systems
  the ${faultTarget.name}'s next backup breaks off after 100 bytes:
    curl -d '{"type":"truncate","afterBytes":100}' ${control}/systems/${faultTarget.storageDeviceId}/faults
  every fault and run-time setting back as at the start:
    curl -X POST ${control}/reset
  Faults: delay-headers (ms), slow-drip (bytesPerChunk, intervalMs), truncate (afterBytes), reset,
  html-500, busy-503, wrong-content-type, status (status), redirect, hold-end (ms); each takes
  "on" ("backup", "session-create" or "any") and "times". README.md, "The simulated storage system".

Files in ${input.dataDir} (made afresh at every start, readable by you alone):
${table([
  [input.readmeFile, "this text, with the sign-in password above (mode 0600)"],
  [input.logFile, `the portal's JSON log lines (mode 0600): tail -f ${input.logFile}`],
])}
`;
}

/** The terminal's last line under the banner. */
export function demoHint(interactive: boolean): string {
  return interactive
    ? "Press Enter to show this again; Ctrl+C stops the portal, then the simulated systems."
    : "Ctrl+C or SIGTERM stops the portal, then the simulated systems.";
}

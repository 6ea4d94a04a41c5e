import { describe, expect, it } from "vitest";

import { DEFAULT_USERS } from "@/lib/simulator/default-systems";

import { backupUserOf, demoBanner, demoHint, type DemoBannerInput } from "./banner";

const INPUT: DemoBannerInput = {
  portalUrl: "http://127.0.0.1:3000",
  admin: { username: "demo-admin", password: "nT4eh-3FhaJ-mARt7-EL9dn" },
  systems: [
    {
      name: "VSP E990 lab",
      storageDeviceId: "936000412345",
      serialNumber: 412345,
      microcode: "93-07-01-80/00",
      baseUrl: "https://127.0.0.1:40001/ConfigurationManager",
    },
    {
      name: "VSP G370 lab",
      storageDeviceId: "886000441108",
      serialNumber: 441108,
      microcode: "88-06-02-00/00",
      baseUrl: "https://127.0.0.1:40002/ConfigurationManager",
    },
  ],
  storageUsers: DEFAULT_USERS,
  controlUrl: "http://127.0.0.1:40999",
  backupPassword: "Demo-Backup-Pass1",
  overdueDays: 45,
  dataDir: "data/demo",
  readmeFile: "data/demo/README.txt",
  logFile: "data/demo/portal.log",
};

describe("demoBanner", () => {
  const banner = demoBanner(INPUT);

  it("gives the portal's address and the sign-in made for this run", () => {
    expect(banner).toMatch(/^Key-backup portal demo: ready\n/);
    expect(banner).toContain("Open http://127.0.0.1:3000 and sign in as\n  demo-admin / nT4eh-3FhaJ-mARt7-EL9dn");
  });

  it("names the storage user to back up with, its password and roles, and a backup password", () => {
    expect(banner).toMatch(
      /type the storage user\n {2}secadmin \/ Sim-Modify-Pass1 +holds Storage Administrator \(View Only\) \+ Security Administrator \(View & Modify\)/,
    );
    expect(banner).toContain("and a backup password of your own (the demo's own backups used Demo-Backup-Pass1)");
    expect(banner).toMatch(/secviewer +\/ Sim-View-Pass1 +lists keys, cannot back up/);
    expect(banner).toMatch(/keyadmin +\/ Sim-Key-Pass1 +cannot even open a session/);
  });

  it("lists the simulated systems with their base URLs", () => {
    expect(banner).toMatch(/VSP E990 lab +serial 412345 +microcode 93-07-01-80\/00 +https:\/\/127\.0\.0\.1:40001\//);
    expect(banner).toMatch(/VSP G370 lab +refused by the array/);
  });

  it("tells how to inject faults through the control server", () => {
    expect(banner).toContain("control server at http://127.0.0.1:40999");
    expect(banner).toContain("    curl http://127.0.0.1:40999/systems\n");
    expect(banner).toContain(
      `curl -d '{"type":"truncate","afterBytes":100}' http://127.0.0.1:40999/systems/936000412345/faults`,
    );
    expect(banner).toContain("curl -X POST http://127.0.0.1:40999/reset");
  });

  it("says where README.txt and the log are, and that they are owner-only", () => {
    expect(banner).toMatch(/data\/demo\/README\.txt +this text, with the sign-in password above \(mode 0600\)/);
    expect(banner).toMatch(
      /data\/demo\/portal\.log +the portal's JSON log lines \(mode 0600\): tail -f data\/demo\/portal\.log/,
    );
  });

  it("keeps every line within 120 columns and ends with a newline", () => {
    const lines = banner.split("\n");
    // The base URLs of the systems table are the one thing a reader copies whole.
    for (const line of lines.filter((l) => !l.includes("https://"))) expect(line.length, line).toBeLessThanOrEqual(120);
    expect(banner.endsWith("\n")).toBe(true);
  });
});

describe("demoHint", () => {
  it("offers Enter only where there is a terminal to press it in", () => {
    expect(demoHint(true)).toMatch(/^Press Enter to show this again; Ctrl\+C stops/);
    expect(demoHint(false)).not.toMatch(/Enter/);
  });
});

describe("backupUserOf", () => {
  it("is the first user with a session role and the backup role", () => {
    expect(backupUserOf(DEFAULT_USERS).username).toBe("secadmin");
    expect(() => backupUserOf(DEFAULT_USERS.filter((user) => user.username !== "secadmin"))).toThrow(/can back up/);
  });
});

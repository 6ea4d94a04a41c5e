import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";

import { runCliOutput, startPortalProcess, type PortalProcess } from "../lib/test-support/portal-process";
import { E2E } from "./settings";

/*
 * The secrets canary: the whole browser flow with passwords made for this run only, then a search
 * of everything the portal wrote or answered for them, in every encoding they could hide in. The
 * portal and the simulator are this spec's own; the suite's server and simulator are not used.
 */

const PORT = E2E.portalPort + 4;
const ROOT = path.resolve(import.meta.dirname, "..");
const NEXT_DIR = path.join(ROOT, ".next");

// ---------------------------------------------------------------------------------------------
// The scanner

interface Needle {
  /** What was searched for, e.g. "storage password (base64, offset 1)": never the secret itself. */
  label: string;
  bytes: Buffer;
}

/**
 * The base64 text of `data` as it shows when it sits inside a longer encoded value (as a password
 * does in `Basic base64(user:password)`): one needle per alignment, whole groups only.
 */
function embeddedBase64(data: Buffer, encoding: "base64" | "base64url"): { offset: number; text: string }[] {
  return [0, 1, 2].map((offset) => {
    const length = Math.floor((data.length - offset) / 3) * 3;
    return { offset, text: data.subarray(offset, offset + length).toString(encoding) };
  });
}

function binaryNeedles(name: string, data: Buffer): Needle[] {
  const needles: Needle[] = [
    { label: `${name} (raw bytes)`, bytes: data },
    { label: `${name} (hex)`, bytes: Buffer.from(data.toString("hex")) },
    { label: `${name} (HEX)`, bytes: Buffer.from(data.toString("hex").toUpperCase()) },
  ];
  for (const encoding of ["base64", "base64url"] as const) {
    for (const { offset, text } of embeddedBase64(data, encoding)) {
      needles.push({ label: `${name} (${encoding}, offset ${offset})`, bytes: Buffer.from(text) });
    }
  }
  return needles;
}

/** Every form a text secret could take in a log line, a JSON value, a URL, a form body or a header. */
function textNeedles(name: string, secret: string, core: string): Needle[] {
  const needles = [
    ...binaryNeedles(name, Buffer.from(secret, "utf8")).map((needle) => ({
      ...needle,
      label: needle.label.replace("(raw bytes)", "(raw)"),
    })),
    { label: `${name} (JSON-escaped)`, bytes: Buffer.from(JSON.stringify(secret).slice(1, -1)) },
    { label: `${name} (encodeURIComponent)`, bytes: Buffer.from(encodeURIComponent(secret)) },
    { label: `${name} (form-encoded)`, bytes: Buffer.from(new URLSearchParams({ x: secret }).toString().slice(2)) },
    // The random middle alone survives any escaping, truncation aside.
    { label: `${name} (its random core)`, bytes: Buffer.from(core) },
  ];
  return dedupe(needles);
}

function dedupe(needles: Needle[]): Needle[] {
  const seen = new Set<string>();
  return needles.filter((needle) => {
    const key = needle.bytes.toString("hex");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "<needle> in <where>" for each needle found in `haystack`. */
function hitsIn(haystack: Buffer, where: string, needles: readonly Needle[]): string[] {
  return needles.filter((needle) => haystack.includes(needle.bytes)).map((needle) => `${needle.label} in ${where}`);
}

/** Every regular file under `dir`, read as bytes; a file gone meanwhile (a rebuild) is skipped. */
async function scanTree(dir: string, needles: readonly Needle[]): Promise<{ files: number; hits: string[] }> {
  const hits: string[] = [];
  let files = 0;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    files++;
    hits.push(...hitsIn(bytes, file, needles));
  }
  return { files, hits };
}

// ---------------------------------------------------------------------------------------------
// The canaries

interface Canary {
  name: string;
  value: string;
  core: string;
}

/**
 * A secret unique to this run: a random core (base64url characters, safe in any escaping) with
 * '/', '+', '=', a quote, a backslash and other punctuation around it, so that raw, JSON-escaped,
 * base64 and base64url, hex and both URL encodings all differ; a space too where the field allows
 * one (the backup password does not). "~??" puts a byte whose low six bits are 62 or 63 last in a
 * base64 group in every alignment, so that its base64 always has a '+' or '/' that base64url does not.
 */
function canary(name: string, options: { space: boolean }): Canary {
  const core = randomBytes(12).toString("base64url");
  const value = `Cn/${core}+="\\${options.space ? " " : "!"}~??x*;@${randomInt(10, 99)}`;
  for (const { text } of embeddedBase64(Buffer.from(value), "base64")) {
    if (!/[+/]/.test(text)) throw new Error("a canary's base64 and base64url would not differ");
  }
  return { name, value, core };
}

function needlesOf(canaries: readonly Canary[]): Needle[] {
  return canaries.flatMap((item) => textNeedles(item.name, item.value, item.core));
}

test("the scanner finds a planted canary in every encoding, and names the file it is in", async () => {
  const secret = canary("planted password", { space: true });
  const header = randomBytes(32);
  const needles = [...needlesOf([secret]), ...binaryNeedles("planted header", header)];
  const dir = path.join(ROOT, E2E.dir, `canary-selfcheck-${randomBytes(4).toString("hex")}`);
  const value = Buffer.from(secret.value);
  const b64 = (prefix: string, encoding: "base64" | "base64url" = "base64") =>
    Buffer.concat([Buffer.from(prefix), value]).toString(encoding);
  // Each file holds the secret in one form, inside other text as a leak would be: [file, content, the needle that must find it].
  const plants: [string, string | Buffer, string][] = [
    ["raw.log", `{"level":30,"msg":"login ${secret.value} ok"}`, "planted password (raw)"],
    ["body.json", JSON.stringify({ password: secret.value }), "planted password (JSON-escaped)"],
    ["b64-0", `x${b64("")}x`, "planted password (base64, offset 0)"],
    ["b64-1", `Authorization: Basic ${b64("a:")}`, "planted password (base64, offset 1)"],
    ["b64-2", `Authorization: Basic ${b64("abc:")}`, "planted password (base64, offset 2)"],
    ["b64url-0", `t=${b64("", "base64url")}`, "planted password (base64url, offset 0)"],
    ["b64url-1", `t=${b64("u:", "base64url")}`, "planted password (base64url, offset 1)"],
    ["b64url-2", `t=${b64("u_u:", "base64url")}`, "planted password (base64url, offset 2)"],
    ["hex", `<${Buffer.concat([Buffer.from([0]), value]).toString("hex")}>`, "planted password (hex)"],
    ["HEX", Buffer.from(`0xFF${value.toString("hex").toUpperCase()}`), "planted password (HEX)"],
    ["query", `/login?password=${encodeURIComponent(secret.value)}&next=%2F`, "planted password (encodeURIComponent)"],
    [
      "form",
      new URLSearchParams({ username: "a", password: secret.value }).toString(),
      "planted password (form-encoded)",
    ],
    ["page.html", `<input value="Cn/${secret.core}+=&quot;&#x5c;">`, "planted password (its random core)"],
    // Bytes around it that are not UTF-8: the search is on bytes.
    [
      "db/portal.sqlite-wal",
      Buffer.concat([randomBytes(64), Buffer.from([0xc3, 0x28]), value, randomBytes(64)]),
      "planted password (raw)",
    ],
    ["header.bin", Buffer.concat([randomBytes(7), header, randomBytes(9)]), "planted header (raw bytes)"],
    ["header.hex", header.toString("hex"), "planted header (hex)"],
    ["header.HEX", header.toString("hex").toUpperCase(), "planted header (HEX)"],
    [
      "header.b64-1",
      Buffer.concat([Buffer.from("ab"), header]).toString("base64"),
      "planted header (base64, offset 1)",
    ],
    [
      "header.b64url-2",
      Buffer.concat([Buffer.from("a"), header]).toString("base64url"),
      "planted header (base64url, offset 2)",
    ],
  ];
  try {
    for (const [file, content] of plants) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), content);
    }
    await writeFile(path.join(dir, "clean.txt"), `another run's: ${canary("other", { space: true }).value}`);

    const { files, hits } = await scanTree(dir, needles);
    expect(files).toBe(plants.length + 1);
    const missed = plants.filter(([file, , label]) => !hits.includes(`${label} in ${path.join(dir, file)}`));
    expect(missed.map(([file, , label]) => `${label} not found in ${file}`)).toEqual([]);
    expect(hits.filter((hit) => hit.endsWith("clean.txt"))).toEqual([]);
    // The encodings differ: each needle is needed.
    expect(hits).not.toContain(`planted password (raw) in ${path.join(dir, "body.json")}`);
    expect(hits).not.toContain(`planted password (encodeURIComponent) in ${path.join(dir, "form")}`);
    expect(hits).not.toContain(`planted password (form-encoded) in ${path.join(dir, "query")}`);
    // What a hit says names the kind of secret and the place, never the secret.
    for (const hit of hits) {
      expect(hit).not.toContain(secret.value);
      expect(hit).not.toContain(secret.core);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// The run

interface SimulatorProcess {
  child: ChildProcess;
  baseUrl: string;
  sha256Fingerprint: string;
  stop(): Promise<void>;
}

/**
 * A simulator with one system whose backup user has the storage canary as its password, in a
 * process of its own (the simulator's modules are server-only). The password goes in on standard
 * input; the process prints only its URL and fingerprint. Its array repeats a wrong password in
 * its error, as a careless one would.
 */
async function startCanarySimulator(storage: { username: string; password: string }): Promise<SimulatorProcess> {
  const script = `
    import { startSimulator } from "./lib/simulator/server.ts";
    let input = "";
    for await (const chunk of process.stdin) input += chunk;
    const { username, password, serialNumber } = JSON.parse(input);
    const sim = await startSimulator({
      systems: [{
        model: "VSP E990", serialNumber, microcode: "93-07-01-80/00", echoPasswordInErrors: true,
        users: [{ username, password, roles: ["storage-admin-view", "security-admin-modify"] }],
      }],
      serverForm: false,
    });
    process.on("SIGTERM", () => sim.close().then(() => process.exit(0)));
    console.log(JSON.stringify({ baseUrl: sim.systems[0].baseUrl, sha256Fingerprint: sim.sha256Fingerprint }));
  `;
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", script],
    { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let out = "";
  let err = "";
  child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
  child.stdin!.end(JSON.stringify({ ...storage, serialNumber: randomInt(100_000, 999_999) }));
  const ready = await new Promise<{ baseUrl: string; sha256Fingerprint: string }>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) resolve(JSON.parse(line) as { baseUrl: string; sha256Fingerprint: string });
    });
    void exited.then(() => reject(new Error(`the canary simulator exited: ${err}`)));
  });
  return {
    child,
    ...ready,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

interface Captured {
  where: string;
  bytes: Buffer;
}

/**
 * Every answer the page gets from the portal, whole, as the server sent it: each request is
 * fetched on the page's behalf and fulfilled with what came back (redirects handed back to the
 * browser to follow), so that even a body the browser drops half-read, as the router does with
 * prefetches, is scanned. Of the key file's answer (a backup's 200) only the status line and
 * headers are scanned; its body is kept apart, to be compared with the download.
 */
async function recordResponses(page: Page, origin: string) {
  const captured: Captured[] = [];
  const keyFiles: { headers: Record<string, string>; body: Buffer }[] = [];
  await page.route(
    (url) => url.origin === origin,
    async (route) => {
      const request = route.request();
      const url = new URL(request.url());
      let response;
      try {
        response = await route.fetch({ maxRedirects: 0 });
      } catch {
        // The page went away or gave up on the request: nothing was answered to it.
        return route.abort().catch(() => {});
      }
      const body = await response.body();
      const where = `response ${request.method()} ${url.pathname}${url.search} (${response.status()})`;
      const head = Buffer.from(
        `${response.status()} ${response.statusText()}\n${JSON.stringify(response.headersArray())}\n`,
      );
      const isKeyFile =
        request.method() === "POST" &&
        /^\/api\/systems\/[^/]+\/backups$/.test(url.pathname) &&
        response.status() === 200 &&
        response.headers()["x-backup-id"] !== undefined;
      if (isKeyFile) {
        keyFiles.push({ headers: response.headers(), body });
        captured.push({ where: `${where}, the key file's status line and headers`, bytes: head });
      } else {
        captured.push({ where, bytes: Buffer.concat([head, body]) });
      }
      await route.fulfill({ response, body }).catch(() => {});
    },
  );
  return { captured, keyFiles };
}

test("a whole backup in the browser leaves no password, nor the key file's bytes, anywhere", async ({ page }) => {
  test.setTimeout(120_000);
  // Fresh for each run; left as it is after a run, to look into a failure.
  const dataDir = path.join(ROOT, E2E.dir, "secrets-canary");
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });

  const portalPassword = canary("portal password", { space: true });
  const wrongPortalPassword = canary("mistyped portal password", { space: true });
  const storagePassword = canary("storage password", { space: true });
  const wrongStoragePassword = canary("mistyped storage password", { space: true });
  const backupPassword = canary("backup password", { space: false });
  const canaries = [portalPassword, wrongPortalPassword, storagePassword, wrongStoragePassword, backupPassword];
  const username = `canary-${randomBytes(4).toString("hex")}`;
  const storageUser = `canary-${randomBytes(3).toString("hex")}`;

  const streams: Captured[] = [];
  let portal: PortalProcess | undefined;
  let sim: SimulatorProcess | undefined;
  try {
    sim = await startCanarySimulator({ username: storageUser, password: storagePassword.value });
    const cli = await runCliOutput(dataDir, ["user", "add", username, "--role", "admin"], `${portalPassword.value}\n`, {
      LOG_LEVEL: "trace",
    });
    streams.push(
      { where: "CLI stdout", bytes: Buffer.from(cli.stdout) },
      { where: "CLI stderr", bytes: Buffer.from(cli.stderr) },
    );
    portal = await startPortalProcess({ port: PORT, dataDir, env: { LOG_LEVEL: "trace" } });
    const base = portal.url;

    const { captured, keyFiles } = await recordResponses(page, base);

    // Sign in, once mistyped.
    await page.goto(`${base}/login`);
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password", { exact: true }).fill(wrongPortalPassword.value);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText(/The username or password is not correct/)).toBeVisible();
    await page.getByLabel("Password", { exact: true }).fill(portalPassword.value);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/systems$/);

    // Register the system, confirming its certificate.
    const name = `Canary E990 ${randomBytes(3).toString("hex")}`;
    await page.getByRole("link", { name: "Register a storage system" }).click();
    await page.getByLabel("Base URL").fill(sim.baseUrl);
    await page.getByRole("button", { name: "Inspect certificate" }).click();
    await expect(page.getByText(sim.sha256Fingerprint)).toBeVisible();
    await page.getByRole("checkbox", { name: /I have compared this fingerprint/ }).check();
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByRole("button", { name: "Register system" }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

    // Test the connection, once with a mistyped password the array repeats in its refusal.
    const testSection = page.getByRole("region", { name: "Test connection" });
    await testSection.getByLabel("Storage username").fill(storageUser);
    await testSection.getByLabel("Storage password").fill(wrongStoragePassword.value);
    await testSection.getByRole("button", { name: "Test connection" }).click();
    await expect(testSection.getByRole("alert")).toBeVisible();
    await testSection.getByLabel("Storage password").fill(storagePassword.value);
    await testSection.getByRole("button", { name: "Test connection" }).click();
    await expect(testSection.getByText("Connection succeeded")).toBeVisible();

    // Check the keys.
    const keysSection = page.getByRole("region", { name: "Keys" });
    await keysSection.getByLabel("Storage username").fill(storageUser);
    await keysSection.getByLabel("Storage password").fill(storagePassword.value);
    await keysSection.getByRole("button", { name: "Check keys" }).click();
    await expect(keysSection.getByText("Keys checked.")).toBeVisible();

    // Back up and take the download.
    const backupSection = page.getByRole("region", { name: "Back up encryption keys" });
    await backupSection.getByRole("button", { name: "Back up encryption keys" }).click();
    await backupSection.getByLabel("Storage username").fill(storageUser);
    await backupSection.getByLabel("Storage password").fill(storagePassword.value);
    await backupSection.getByLabel("Backup password", { exact: true }).fill(backupPassword.value);
    await backupSection.getByLabel("Confirm backup password").fill(backupPassword.value);
    const saving = page.waitForEvent("download");
    await backupSection.getByRole("button", { name: "Download backup" }).click();
    const download = await saving;
    const keyFile = await readFile((await download.path())!);
    await expect(page.getByText("Verified", { exact: true })).toBeVisible();
    await expect(page.getByRole("table", { name: "Backup history" }).getByRole("row").nth(1)).toContainText(
      "Succeeded",
    );

    // Sign out.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByLabel("Username")).toBeVisible();
    await page.unrouteAll({ behavior: "ignoreErrors" });

    expect(keyFile.subarray(0, 8).toString("ascii")).toBe("HTCEKF01");
    const secrets = [...needlesOf(canaries), ...binaryNeedles("key file's first 32 bytes", keyFile.subarray(0, 32))];
    // What this run made that is no secret, and must be found: proof that each place was read.
    const controls = [
      { label: "control: the portal username", bytes: Buffer.from(username) },
      { label: "control: the system's name", bytes: Buffer.from(name) },
      { label: "control: a heading of the portal", bytes: Buffer.from("Back up encryption keys") },
    ];
    const needles = [...secrets, ...controls];
    const hits: string[] = [];

    // The responses: all of them but the key file's body, the file the browser saved.
    expect(keyFiles).toHaveLength(1);
    expect(keyFiles[0]!.body.equals(keyFile)).toBe(true);
    expect(captured.length).toBeGreaterThan(20);
    for (const response of captured) hits.push(...hitsIn(response.bytes, response.where, needles));

    // The data directory while the portal runs, its WAL included, and again once it has stopped.
    expect(await readdir(dataDir)).toEqual(expect.arrayContaining(["portal.sqlite", "portal.sqlite-wal"]));
    hits.push(...(await scanTree(dataDir, needles)).hits.map((hit) => `${hit} (while running)`));
    const stopped = await portal.stop("SIGTERM");
    const [stdout, stderr] = [portal.stdout(), portal.stderr()];
    portal = undefined;
    // It has ended (`next start` answers SIGTERM with 143 or 0), its database closed.
    expect(stopped.code !== null || stopped.signal !== null).toBe(true);
    hits.push(...(await scanTree(dataDir, needles)).hits.map((hit) => `${hit} (after exit)`));

    // Everything it printed: at trace level, every audited event is a line.
    expect(stdout).toContain('"event":"portal.started"');
    expect(stdout).toContain('"action":"backup.started"');
    streams.push(
      { where: "portal stdout", bytes: Buffer.from(stdout) },
      { where: "portal stderr", bytes: Buffer.from(stderr) },
    );
    for (const stream of streams) hits.push(...hitsIn(stream.bytes, stream.where, needles));

    // The build the portal ran from, and whatever it wrote there while running.
    const next = await scanTree(NEXT_DIR, needles);
    expect(next.files).toBeGreaterThan(100);
    hits.push(...next.hits);

    const [controlHits, secretHits] = [
      hits.filter((hit) => hit.startsWith("control: ")),
      hits.filter((hit) => !hit.startsWith("control: ")),
    ];
    expect(secretHits, "secrets found (what, and where)").toEqual([]);
    const controlFound = (label: string, where: RegExp) =>
      controlHits.some((hit) => hit.startsWith(`control: ${label} in `) && where.test(hit));
    expect(controlFound("the portal username", /in CLI stdout$/)).toBe(true);
    expect(controlFound("the portal username", /in portal stdout$/)).toBe(true);
    expect(controlFound("the portal username", /portal\.sqlite(-wal)? \(while running\)$/)).toBe(true);
    expect(controlFound("the portal username", /portal\.sqlite \(after exit\)$/)).toBe(true);
    expect(controlFound("the system's name", /^control: the system's name in response GET \/systems\//)).toBe(true);
    expect(controlHits.some((hit) => hit.startsWith(`control: a heading of the portal in ${NEXT_DIR}/`))).toBe(true);
  } finally {
    await portal?.stop("SIGKILL");
    await sim?.stop();
  }
});

import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { expect, test } from "@playwright/test";

import { E2E } from "./settings";

// What the production server (`next start` on 127.0.0.1, the built .next) believes of the
// X-Forwarded-* headers: nothing a client sends without TRUST_PROXY, the nearest proxy's entry with it.
// The suite's own server runs without TRUST_PROXY; a second one on the same build runs with it.

const PROXIED = { port: E2E.portalPort + 2, dataDir: `${E2E.dir}/portal-proxied` };
const PROXIED_URL = `http://127.0.0.1:${PROXIED.port}`;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function call(base: string, method: string, path: string, headers: Record<string, string>, json?: unknown) {
  return new Promise<Answer>((resolve, reject) => {
    const body = json === undefined ? undefined : JSON.stringify(json);
    const req = httpRequest(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body ? { "Content-Type": "application/json" } : {}) },
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

function cli(dataDir: string, args: string[], stdin: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", ...args],
      {
        env: { ...process.env, PORTAL_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
        stdio: ["pipe", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`cli exited ${code}: ${stderr}`))));
    child.stdin.end(stdin);
  });
}

async function addAdmin(dataDir: string) {
  const admin = {
    username: `e2e-fwd-${randomBytes(4).toString("hex")}`,
    password: randomBytes(18).toString("base64url"),
  };
  await cli(dataDir, ["user", "add", admin.username, "--role", "admin"], `${admin.password}\n`);
  return admin;
}

function cookieOf(answer: Answer): string {
  const cookie = answer.headers["set-cookie"]?.[0];
  expect(cookie).toBeDefined();
  return cookie!;
}

async function loginClientIp(base: string, cookie: string, username: string, headers: Record<string, string>) {
  const answer = await call(base, "GET", `/api/audit?action=auth.login&actor=${username}`, {
    Cookie: cookie,
    ...headers,
  });
  expect(answer.status).toBe(200);
  const { items } = JSON.parse(answer.body) as { items: { actor: string | null; clientIp: string | null }[] };
  return items.find((item) => item.actor === username)?.clientIp;
}

test.describe("without TRUST_PROXY (the suite's server)", () => {
  test("ignores a client's X-Forwarded-Proto and X-Forwarded-For", async () => {
    const admin = await addAdmin(E2E.dataDir);
    const forged = { "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.66" };
    const login = await call(E2E.portalUrl, "POST", "/api/auth/login", forged, admin);
    expect(login.status).toBe(200);
    const setCookie = cookieOf(login);
    expect(setCookie).toMatch(/^kbp_session=Fe26/);
    expect(setCookie).not.toMatch(/;\s*secure/i);
    expect(login.headers["strict-transport-security"]).toBeUndefined();
    expect(login.headers["cache-control"]).toBe("no-store");

    const cookie = setCookie.split(";")[0]!;
    // The socket's peer, as Next.js filled X-Forwarded-For once proxy.ts dropped the client's.
    expect(await loginClientIp(E2E.portalUrl, cookie, admin.username, forged)).toBe("127.0.0.1");

    const page = await call(E2E.portalUrl, "GET", "/login", forged);
    expect(page.headers["strict-transport-security"]).toBeUndefined();
    expect(page.headers["content-security-policy"]).not.toMatch(/upgrade-insecure-requests/);
    // Next.js's own 404 for an API path is no-store too.
    expect((await call(E2E.portalUrl, "GET", "/api/no-such-route", {})).headers["cache-control"]).toMatch(/no-store/);
  });
});

test.describe("with TRUST_PROXY=true (a second server on the same build)", () => {
  let server: ChildProcess | undefined;

  test.beforeAll(async () => {
    server = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(PROXIED.port)], {
      env: {
        ...process.env,
        PORTAL_DATA_DIR: PROXIED.dataDir,
        TRUST_PROXY: "true",
        PORTAL_PUBLIC_URL: "",
        LOG_LEVEL: "warn",
      },
      stdio: "ignore",
      detached: true,
    });
    await expect
      .poll(async () => (await call(PROXIED_URL, "GET", "/login", {}).catch(() => ({ status: 0 }))).status, {
        timeout: 60_000,
      })
      .toBe(200);
  });
  test.afterAll(() => {
    if (server?.pid) process.kill(-server.pid, "SIGTERM");
  });

  test("takes the proxy's scheme and right-most address; the cookie is __Host- over HTTPS", async () => {
    const admin = await addAdmin(PROXIED.dataDir);
    const viaProxy = { "X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.23, 203.0.113.77" };
    const login = await call(PROXIED_URL, "POST", "/api/auth/login", viaProxy, admin);
    expect(login.status).toBe(200);
    const setCookie = cookieOf(login);
    expect(setCookie).toMatch(/^__Host-kbp_session=Fe26/);
    expect(setCookie).toMatch(/;\s*secure/i);
    expect(setCookie).toMatch(/;\s*path=\/(;|$)/i);
    expect(setCookie).not.toMatch(/domain=/i);
    expect(login.headers["strict-transport-security"]).toBe("max-age=31536000");

    const secure = setCookie.split(";")[0]!;
    const value = secure.slice(secure.indexOf("=") + 1);
    expect(await loginClientIp(PROXIED_URL, secure, admin.username, viaProxy)).toBe("203.0.113.77");

    const me = (cookie: string, headers: Record<string, string>) =>
      call(PROXIED_URL, "GET", "/api/me", { Cookie: cookie, ...headers }).then((answer) => answer.status);
    expect(await me(secure, viaProxy)).toBe(200);
    // Over HTTPS a plain-named cookie (as a sibling subdomain could plant) is no session...
    expect(await me(`kbp_session=${value}`, viaProxy)).toBe(401);
    // ...and over plain HTTP only the plain name is read.
    expect(await me(secure, { "X-Forwarded-Proto": "http" })).toBe(401);
    expect(await me(`kbp_session=${value}`, { "X-Forwarded-Proto": "http" })).toBe(200);

    const page = await call(PROXIED_URL, "GET", "/login", viaProxy);
    expect(page.headers["strict-transport-security"]).toBe("max-age=31536000");
    expect(page.headers["content-security-policy"]).toMatch(/upgrade-insecure-requests/);

    const plain = await call(PROXIED_URL, "POST", "/api/auth/login", { "X-Forwarded-Proto": "http" }, admin);
    expect(cookieOf(plain)).toMatch(/^kbp_session=Fe26/);
    expect(cookieOf(plain)).not.toMatch(/;\s*secure/i);
    expect(plain.headers["strict-transport-security"]).toBeUndefined();
  });
});

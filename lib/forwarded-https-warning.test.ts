import { afterEach, describe, expect, it, vi } from "vitest";

import {
  FORWARDED_HTTPS_WARNING,
  forwardedHttpsUnconfigured,
  saysForwardedHttps,
  warnOnceIfForwardedHttps,
} from "./forwarded-https-warning";

const direct = { trustProxy: false, publicUrl: undefined };
const headers = (init: Record<string, string>) => new Headers(init);

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("kbp.forwardedHttpsWarned")];
});

describe("saysForwardedHttps", () => {
  it.each([
    [{ "X-Forwarded-Proto": "https" }, true],
    [{ "X-Forwarded-Proto": "HTTPS" }, true],
    [{ "X-Forwarded-Proto": "https, http" }, true],
    [{ Forwarded: "for=192.0.2.60;proto=https;by=203.0.113.43" }, true],
    [{ Forwarded: 'for="[2001:db8::1]";Proto="HTTPS"' }, true],
    [{ Forwarded: "for=192.0.2.1, for=198.51.100.17;proto=https" }, true],
    [{ "X-Forwarded-Proto": "http" }, false],
    [{ Forwarded: "for=192.0.2.60;proto=http" }, false],
    [{ Forwarded: "for=https" }, false],
    [{}, false],
  ])("%j → %s", (init, expected) => {
    expect(saysForwardedHttps(headers(init))).toBe(expected);
  });
});

describe("forwardedHttpsUnconfigured", () => {
  const https = headers({ "X-Forwarded-Proto": "https" });

  it("holds when the request says https and neither setting would take it so", () => {
    expect(forwardedHttpsUnconfigured(https, direct)).toBe(true);
    expect(forwardedHttpsUnconfigured(https, { trustProxy: false, publicUrl: "http://keys.example.internal/" })).toBe(
      true,
    );
  });

  it("does not with TRUST_PROXY, an https:// PORTAL_PUBLIC_URL, or a request that does not say https", () => {
    expect(forwardedHttpsUnconfigured(https, { trustProxy: true, publicUrl: undefined })).toBe(false);
    expect(forwardedHttpsUnconfigured(https, { trustProxy: false, publicUrl: "https://keys.example.internal/" })).toBe(
      false,
    );
    expect(forwardedHttpsUnconfigured(headers({ "X-Forwarded-For": "203.0.113.7" }), direct)).toBe(false);
  });
});

describe("warnOnceIfForwardedHttps", () => {
  it("warns once per process, naming both settings", () => {
    const warn = vi.fn();
    warnOnceIfForwardedHttps(headers({}), direct, warn);
    expect(warn).not.toHaveBeenCalled();
    warnOnceIfForwardedHttps(headers({ "X-Forwarded-Proto": "https" }), direct, warn);
    warnOnceIfForwardedHttps(headers({ Forwarded: "proto=https" }), direct, warn);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(FORWARDED_HTTPS_WARNING);
    expect(FORWARDED_HTTPS_WARNING).toMatch(/TRUST_PROXY=true/);
    expect(FORWARDED_HTTPS_WARNING).toMatch(/PORTAL_PUBLIC_URL/);
    expect(FORWARDED_HTTPS_WARNING).not.toContain("\n");
  });

  it("stays quiet when the portal is configured for the proxy", () => {
    const warn = vi.fn();
    warnOnceIfForwardedHttps(
      headers({ "X-Forwarded-Proto": "https" }),
      { trustProxy: true, publicUrl: undefined },
      warn,
    );
    expect(warn).not.toHaveBeenCalled();
  });
});

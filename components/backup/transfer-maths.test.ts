import { describe, expect, it } from "vitest";

import { createThrottle, parseExpectedSize, progressPercent, progressText, toHex } from "./transfer-maths";

describe("parseExpectedSize", () => {
  it("reads a plain non-negative integer", () => {
    expect(parseExpectedSize("4096")).toBe(4096);
    expect(parseExpectedSize(" 0 ")).toBe(0);
  });
  it("treats anything else as unknown", () => {
    for (const value of [null, undefined, "", "-1", "1.5", "1e3", "12abc", "9".repeat(16)]) {
      expect(parseExpectedSize(value)).toBeUndefined();
    }
  });
});

describe("progressPercent", () => {
  it("is whole percent, floored, never over 100", () => {
    expect(progressPercent(0, 200)).toBe(0);
    expect(progressPercent(199, 200)).toBe(99);
    expect(progressPercent(200, 200)).toBe(100);
    expect(progressPercent(300, 200)).toBe(100);
  });
  it("is undefined without a size", () => {
    expect(progressPercent(10, undefined)).toBeUndefined();
    expect(progressPercent(10, 0)).toBeUndefined();
  });
});

describe("progressText", () => {
  it("says how far a transfer got", () => {
    expect(progressText(512, 2048)).toBe("Received 512 bytes of 2.0 KiB (25%)");
    expect(progressText(512, undefined)).toBe("Received 512 bytes");
  });
});

describe("createThrottle", () => {
  it("opens at most once per interval", () => {
    let now = 1_000;
    const gate = createThrottle(250, () => now);
    expect(gate()).toBe(true);
    now += 100;
    expect(gate()).toBe(false);
    now += 149;
    expect(gate()).toBe(false);
    now += 1;
    expect(gate()).toBe(true);
  });
});

describe("toHex", () => {
  it("is lower-case, two digits a byte", () => {
    expect(toHex(new Uint8Array([0, 1, 0xab, 0xff]))).toBe("0001abff");
    expect(toHex(new Uint8Array([0x0f]).buffer)).toBe("0f");
    expect(toHex(new Uint8Array())).toBe("");
  });
});

import { describe, expect, it } from "vitest";

import { backupFileName, contentDisposition, safeFileNamePart } from "./file-name";

const AT = new Date("2026-05-01T10:02:03.456Z");

describe("backupFileName", () => {
  it("names the system, the serial and the UTC start time", () => {
    expect(backupFileName("E990-lab", 412345, AT)).toBe("E990-lab_412345_20260501T100203Z.ekf");
  });

  it("replaces characters that are not letters, digits, - _ or .", () => {
    expect(backupFileName('VSP E990 / lab: "main"', 412345, AT)).toBe(
      "VSP_E990___lab___main__412345_20260501T100203Z.ekf",
    );
    expect(backupFileName("a\\b\u0000c\nd", 1, AT)).toBe("a_b_c_d_1_20260501T100203Z.ekf");
  });

  it("keeps letters of any script, composed", () => {
    expect(backupFileName("Bu\u0308ro-東京", 7, AT)).toBe("Büro-東京_7_20260501T100203Z.ekf");
  });

  it("never starts with a dot, is never empty and stays short", () => {
    expect(safeFileNamePart("..secret")).toBe("__secret");
    expect(safeFileNamePart("")).toBe("storage");
    expect(safeFileNamePart("x".repeat(300))).toHaveLength(100);
  });

  it("says when the serial is unknown", () => {
    expect(backupFileName("E990", null, AT)).toBe("E990_unknown_20260501T100203Z.ekf");
  });
});

describe("contentDisposition", () => {
  it("gives an ASCII filename and the exact one in filename*", () => {
    expect(contentDisposition("E990-lab_412345_20260501T100203Z.ekf")).toBe(
      "attachment; filename=\"E990-lab_412345_20260501T100203Z.ekf\"; filename*=UTF-8''E990-lab_412345_20260501T100203Z.ekf",
    );
    expect(contentDisposition("Büro-東京_7.ekf")).toBe(
      "attachment; filename=\"B_ro-___7.ekf\"; filename*=UTF-8''B%C3%BCro-%E6%9D%B1%E4%BA%AC_7.ekf",
    );
  });

  it("cannot be broken out of by quotes, backslashes or line breaks", () => {
    const header = contentDisposition("a\"b\\c\r\nSet-Cookie: x'(*).ekf");
    expect(header).toBe(
      "attachment; filename=\"a_b_c__Set-Cookie: x'(*).ekf\"; filename*=UTF-8''a%22b%5Cc%0D%0ASet-Cookie%3A%20x%27%28%2A%29.ekf",
    );
    expect(() => new Headers({ "Content-Disposition": header })).not.toThrow();
  });
});

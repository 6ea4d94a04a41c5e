import { describe, expect, it } from "vitest";

import { backupFileName, contentDisposition, safeFileNamePart } from "./file-name";

const AT = new Date("2026-05-01T10:02:03.456Z");
const BACKUP = { startedAt: AT, backupId: "1a2b3c4d-5e6f-4a0b-8c9d-0e1f2a3b4c5d" };

describe("backupFileName", () => {
  it("names the system, the serial, the UTC start time and the backup's short id", () => {
    expect(backupFileName("E990-lab", 412345, BACKUP)).toBe("E990-lab_412345_20260501T100203Z_1a2b3c4d.ekf");
  });

  it("gives two backups started in the same second different names", () => {
    const other = { startedAt: new Date("2026-05-01T10:02:03.999Z"), backupId: "9f8e7d6c-0000-4000-8000-000000000000" };
    expect(backupFileName("E990-lab", 412345, other)).toBe("E990-lab_412345_20260501T100203Z_9f8e7d6c.ekf");
    expect(backupFileName("E990-lab", 412345, other)).not.toBe(backupFileName("E990-lab", 412345, BACKUP));
  });

  it("keeps only letters and digits of the id, lower-cased", () => {
    expect(backupFileName("E990", 1, { startedAt: AT, backupId: "AB/../CD-EF01-2345" })).toBe(
      "E990_1_20260501T100203Z_abcdef01.ekf",
    );
    expect(backupFileName("E990", 1, { startedAt: AT, backupId: "--" })).toBe("E990_1_20260501T100203Z_backup.ekf");
  });

  it("replaces characters that are not letters, digits, - _ or .", () => {
    expect(backupFileName('VSP E990 / lab: "main"', 412345, BACKUP)).toBe(
      "VSP_E990___lab___main__412345_20260501T100203Z_1a2b3c4d.ekf",
    );
    expect(backupFileName("a\\b\u0000c\nd", 1, BACKUP)).toBe("a_b_c_d_1_20260501T100203Z_1a2b3c4d.ekf");
  });

  it("keeps letters of any script, composed", () => {
    expect(backupFileName("Bu\u0308ro-東京", 7, BACKUP)).toBe("Büro-東京_7_20260501T100203Z_1a2b3c4d.ekf");
  });

  it("never starts with a dot, is never empty and stays short", () => {
    expect(safeFileNamePart("..secret")).toBe("__secret");
    expect(safeFileNamePart("")).toBe("storage");
    expect(safeFileNamePart("x".repeat(300))).toHaveLength(100);
  });

  it("says when the serial is unknown", () => {
    expect(backupFileName("E990", null, BACKUP)).toBe("E990_unknown_20260501T100203Z_1a2b3c4d.ekf");
  });
});

describe("contentDisposition", () => {
  it("gives an ASCII filename and the exact one in filename*", () => {
    expect(contentDisposition("E990-lab_412345_20260501T100203Z_1a2b3c4d.ekf")).toBe(
      "attachment; filename=\"E990-lab_412345_20260501T100203Z_1a2b3c4d.ekf\"; filename*=UTF-8''E990-lab_412345_20260501T100203Z_1a2b3c4d.ekf",
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

import { describe, expect, it } from "vitest";

import { fileNameFromContentDisposition } from "./content-disposition";

describe("fileNameFromContentDisposition", () => {
  it("prefers filename* (RFC 8187) to filename", () => {
    const header = `attachment; filename="M_nchen_412345_20260501T100000Z.ekf"; filename*=UTF-8''M%C3%BCnchen_412345_20260501T100000Z.ekf`;
    expect(fileNameFromContentDisposition(header)).toBe("München_412345_20260501T100000Z.ekf");
  });

  it("takes filename* wherever it stands, and any case of the names", () => {
    expect(fileNameFromContentDisposition(`attachment; FILENAME*=utf-8'en'a%20b.ekf; filename="x.ekf"`)).toBe(
      "a b.ekf",
    );
  });

  it("falls back to a quoted filename, unescaping it", () => {
    expect(fileNameFromContentDisposition(`attachment; filename="say \\"hi\\"; ok.ekf"`)).toBe(`say "hi"; ok.ekf`);
  });

  it("reads a token filename", () => {
    expect(fileNameFromContentDisposition("attachment; filename=E990_412345.ekf")).toBe("E990_412345.ekf");
  });

  it("falls back to filename when filename* is malformed or in an unknown charset", () => {
    expect(fileNameFromContentDisposition(`attachment; filename*=UTF-8''%E0%A4%A; filename="plain.ekf"`)).toBe(
      "plain.ekf",
    );
    expect(fileNameFromContentDisposition(`attachment; filename*=Shift_JIS''%82%A0; filename="plain.ekf"`)).toBe(
      "plain.ekf",
    );
    expect(fileNameFromContentDisposition(`attachment; filename*=nonsense; filename="plain.ekf"`)).toBe("plain.ekf");
  });

  it("decodes ISO-8859-1", () => {
    expect(fileNameFromContentDisposition(`attachment; filename*=iso-8859-1'de'K%F6ln.ekf`)).toBe("Köln.ekf");
  });

  it("keeps only the last path segment and drops control characters", () => {
    expect(fileNameFromContentDisposition(`attachment; filename="../../etc/passwd"`)).toBe("passwd");
    expect(fileNameFromContentDisposition(`attachment; filename*=UTF-8''..%5C..%5Cboot.ini`)).toBe("boot.ini");
    expect(fileNameFromContentDisposition(`attachment; filename*=UTF-8''a%0D%0Ab.ekf`)).toBe("ab.ekf");
  });

  it("is undefined without a usable name", () => {
    expect(fileNameFromContentDisposition(null)).toBeUndefined();
    expect(fileNameFromContentDisposition("attachment")).toBeUndefined();
    expect(fileNameFromContentDisposition(`attachment; filename=""`)).toBeUndefined();
    expect(fileNameFromContentDisposition(`attachment; filename="dir/"`)).toBeUndefined();
    expect(fileNameFromContentDisposition(`attachment; filename=".."`)).toBeUndefined();
  });
});

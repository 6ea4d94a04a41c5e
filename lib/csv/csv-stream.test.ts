import { describe, expect, it } from "vitest";

import {
  allPages,
  csvCell,
  csvHeaders,
  csvLines,
  csvStream,
  fileStamp,
  safeFileName,
  type CsvColumn,
} from "./csv-stream";
import { parseCsv as parse } from "./test-support";

interface Row {
  name: string;
  n: number | null;
}
const COLUMNS: CsvColumn<Row>[] = [
  { header: "Name", value: (row) => row.name },
  { header: "Number", value: (row) => row.n },
];

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

async function* batchesOf<T>(batches: T[][], read: { count: number } = { count: 0 }) {
  for (const batch of batches) {
    read.count += 1;
    yield batch;
  }
}

describe("csvCell", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+1", "'+1"],
    ["-2", "'-2"],
    ["@x", "'@x"],
    ["\tx", "'\tx"],
    ["\rx", "'\rx"],
    ["a=1", "a=1"],
    ["plain", "plain"],
    ["", ""],
  ])("neutralises %j as %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("writes numbers as text, a negative one neutralised, and null as empty", () => {
    expect(csvCell(42)).toBe("42");
    expect(csvCell(-2)).toBe("'-2");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
  });
});

describe("csvLines", () => {
  it("quotes per RFC 4180: quotes doubled; commas, quotes and line breaks enclosed; CRLF between records", () => {
    const rows: Row[] = [
      { name: 'say "hi"', n: 1 },
      { name: "a,b", n: null },
      { name: "two\nlines", n: 3 },
      { name: '=HYPERLINK("x")', n: -2 },
    ];
    const out = csvLines(COLUMNS, rows, true);
    expect(out).toBe('Name,Number\r\n"say ""hi""",1\r\n"a,b",\r\n"two\nlines",3\r\n"\'=HYPERLINK(""x"")",\'-2\r\n');
    expect(parse(out)).toEqual([
      ["Name", "Number"],
      ['say "hi"', "1"],
      ["a,b", ""],
      ["two\nlines", "3"],
      ['\'=HYPERLINK("x")', "'-2"],
    ]);
  });

  it("keeps a neutralised tab or carriage return inside the cell", () => {
    const out = csvLines(COLUMNS, [
      { name: "\tx", n: 1 },
      { name: "\rx", n: 2 },
    ]);
    expect(parse(out)).toEqual([
      ["'\tx", "1"],
      ["'\rx", "2"],
    ]);
  });
});

describe("csvStream", () => {
  it("writes the header, then every batch", async () => {
    const out = await text(csvStream(COLUMNS, batchesOf([[{ name: "a", n: 1 }], [{ name: "b", n: 2 }]])));
    expect(out).toBe("Name,Number\r\na,1\r\nb,2\r\n");
  });

  it("writes the header alone when there are no rows", async () => {
    expect(await text(csvStream(COLUMNS, batchesOf<Row>([])))).toBe("Name,Number\r\n");
  });

  it("reads a batch only when the consumer pulls, and stops reading once cancelled", async () => {
    const read = { count: 0 };
    const many = Array.from({ length: 100 }, (_, i) => [{ name: `r${i}`, n: i }]);
    const reader = csvStream(COLUMNS, batchesOf(many, read)).getReader();
    await reader.read(); // header
    await reader.read(); // first batch
    expect(read.count).toBe(1);
    await reader.cancel();
    expect(read.count).toBe(1);
  });

  it("stops reading when the request's signal aborts", async () => {
    const read = { count: 0 };
    const controller = new AbortController();
    const many = Array.from({ length: 100 }, (_, i) => [{ name: `r${i}`, n: i }]);
    const reader = csvStream(COLUMNS, batchesOf(many, read), controller.signal).getReader();
    await reader.read();
    await reader.read();
    controller.abort(new Error("gone"));
    await expect(reader.read()).rejects.toThrow("gone");
    expect(read.count).toBe(1);
  });
});

describe("allPages", () => {
  it("follows the cursor until the last page, one page at a time", async () => {
    const pages: Record<string, { items: number[]; nextCursor: string | null }> = {
      first: { items: [1, 2], nextCursor: "c2" },
      c2: { items: [3], nextCursor: "c3" },
      c3: { items: [], nextCursor: null },
    };
    const asked: (string | undefined)[] = [];
    const batches: number[][] = [];
    for await (const batch of allPages(async (cursor) => {
      asked.push(cursor);
      return pages[cursor ?? "first"]!;
    })) {
      batches.push(batch);
    }
    expect(batches).toEqual([[1, 2], [3]]);
    expect(asked).toEqual([undefined, "c2", "c3"]);
  });
});

describe("file names and headers", () => {
  it("keeps only safe characters", () => {
    expect(safeFileName('backup "history" É990/lab.csv')).toBe("backup_history_E990_lab.csv");
    expect(safeFileName("")).toBe("export");
  });

  it("answers text/csv as an attachment", () => {
    const headers = csvHeaders("audit-20260501T100000Z.csv");
    expect(headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(headers.get("content-disposition")).toBe('attachment; filename="audit-20260501T100000Z.csv"');
    expect(fileStamp(new Date("2026-05-01T10:00:00.123Z"))).toBe("20260501T100000Z");
  });
});

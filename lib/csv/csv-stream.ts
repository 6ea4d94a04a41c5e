import "server-only";

import { stringify } from "csv-stringify/sync";

/** One column of an export: its header and how a row gives its cell. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
}

/** Characters a spreadsheet takes as the start of a formula (or that hide one after them). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell as text, safe to open in a spreadsheet: a value that could start a formula (`=`, `+`,
 * `-`, `@`, tab, carriage return) gets a leading `'`, so it is shown, never evaluated.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** RFC 4180 lines (CRLF, quoted where needed) for these rows; the header row when asked. */
export function csvLines<T>(columns: readonly CsvColumn<T>[], rows: readonly T[], header = false): string {
  const records = rows.map((row) => columns.map((column) => csvCell(column.value(row))));
  if (header) records.unshift(columns.map((column) => csvCell(column.header)));
  // A lone \n or \r in a field is quoted too (csv-stringify quotes only the record delimiter itself).
  return records.length === 0 ? "" : stringify(records, { record_delimiter: "\r\n", quoted_match: /[\r\n]/ });
}

/** Every item of a keyset-paged list, one page read at a time (the next only when the previous is used up). */
export async function* allPages<T>(
  readPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
): AsyncGenerator<T[]> {
  let cursor: string | undefined;
  do {
    const page = await readPage(cursor);
    if (page.items.length > 0) yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

/**
 * A CSV file as a byte stream: the header row, then the rows one batch at a time, read only as the
 * consumer pulls, so memory holds one batch whatever the total. Stops reading when the consumer
 * cancels or `signal` aborts (the browser went away).
 */
export function csvStream<T>(
  columns: readonly CsvColumn<T>[],
  batches: AsyncIterable<readonly T[]>,
  signal?: AbortSignal,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  let headerSent = false;
  const stop = () => void iterator.return?.().catch(() => {});
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        signal?.addEventListener(
          "abort",
          () => {
            stop();
            try {
              controller.error(signal.reason);
            } catch {
              // already closed
            }
          },
          { once: true },
        );
      },
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(csvLines(columns, [], true)));
          return;
        }
        if (signal?.aborted) return;
        const next = await iterator.next();
        if (signal?.aborted) return;
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(csvLines(columns, next.value)));
      },
      cancel() {
        stop();
      },
    },
    { highWaterMark: 0 },
  );
}

/** A file name safe in a Content-Disposition header: ASCII letters, digits, `.`, `_` and `-`. */
export function safeFileName(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^A-Za-z0-9._-]+/g, "_")
      .replace(/^[._]+|_+$/g, "")
      .slice(0, 80) || "export"
  );
}

/** The headers of a CSV download named `fileName` (already safe, ending in .csv). */
export function csvHeaders(fileName: string): Headers {
  return new Headers({
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${safeFileName(fileName)}"`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
}

/** "20260501T100000Z": a UTC time stamp for file names. */
export function fileStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

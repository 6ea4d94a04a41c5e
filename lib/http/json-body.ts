import "server-only";

import { ZodError, type z } from "zod";

import { AppError, validationFailed, zodFields } from "@/lib/errors";

/** The largest JSON body any route takes; every form's body is a few hundred bytes. */
export const MAX_JSON_BODY_BYTES = 16 * 1024;

function tooLarge(limit: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${limit / 1024} KiB.`);
}

/**
 * The body's bytes, read chunk by chunk and given up (the stream cancelled) as soon as it passes
 * `limit`, so a client cannot make the portal hold more than that. A Content-Length over the limit
 * is refused before a byte is read.
 */
export async function readBodyBytes(request: Request, limit = MAX_JSON_BODY_BYTES): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) {
    await request.body?.cancel().catch(() => {});
    throw tooLarge(limit);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body as JSON: at most `limit` bytes of valid UTF-8 holding one JSON value. */
export async function readJsonBody(request: Request, limit = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const bytes = await readBodyBytes(request, limit);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw validationFailed("The request body is not valid UTF-8.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw validationFailed("The request body is not valid JSON.");
  }
}

const KEY_SHOWN_MAX = 100;

/**
 * `value` parsed with a body schema. The body schemas are strict: each unknown key is named in
 * the message and has its own entry in `fields` (`trust.extra`), so a misspelt field is refused
 * rather than dropped without a word.
 */
export function parseWithSchema<B>(schema: z.ZodType<B>, value: unknown): B {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const unknown = issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => [...issue.path, key].map(String).join(".").slice(0, KEY_SHOWN_MAX))
      : [],
  );
  // Not an unknown key: the usual VALIDATION_FAILED answer (toAppError).
  if (unknown.length === 0) throw parsed.error;
  // A Map, not an object: an unknown key may well be "__proto__".
  const fields = new Map(
    Object.entries(zodFields(new ZodError(issues.filter((issue) => issue.code !== "unrecognized_keys")))),
  );
  for (const key of unknown) fields.set(key, [...(fields.get(key) ?? []), "Unknown field: leave it out."]);
  const names = unknown.slice(0, 10).map((key) => JSON.stringify(key));
  const more = unknown.length > names.length ? ` and ${unknown.length - names.length} more` : "";
  throw validationFailed(
    `Unknown field${unknown.length === 1 ? "" : "s"} in the request body: ${names.join(", ")}${more}.`,
    Object.fromEntries(fields),
  );
}

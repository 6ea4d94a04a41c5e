import "server-only";

import { z } from "zod";

/** Whatever the storage system said about the error; every field may be missing. */
export interface StorageErrorDetail {
  messageId?: string;
  message?: string;
  solution?: string;
  cause?: string;
  detailCode?: string;
  solutionType?: string;
  /** SSB codes of a command that ended abnormally, or an error code such as `EX_EACCES`. */
  errorCode?: { SSB1?: string; SSB2?: string; errorCode?: string };
}

/** `application/json`, `application/problem+json` and the like, with or without parameters. */
export function isJsonMediaType(contentType: string | null | undefined): boolean {
  const essence = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return essence === "application/json" || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(essence);
}

const text = z.string().max(4000).optional().catch(undefined);
const code = z
  .union([z.string().max(200), z.number()])
  .transform(String)
  .optional()
  .catch(undefined);
const errorObjectSchema = z.object({
  messageId: text,
  message: text,
  solution: text,
  cause: text,
  detailCode: code,
  solutionType: text,
  errorCode: z.object({ SSB1: code, SSB2: code, errorCode: code }).optional().catch(undefined),
});

function withoutEmpty<T extends object>(value: T): Partial<T> | undefined {
  const kept = Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/**
 * The known fields of an error object (the body of an error answer, or a failed job's `error`);
 * undefined when it carries none of them.
 */
export function parseErrorObject(value: unknown): StorageErrorDetail | undefined {
  const parsed = errorObjectSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const { errorCode, ...rest } = parsed.data;
  const codes = errorCode ? withoutEmpty(errorCode) : undefined;
  return withoutEmpty({ ...rest, errorCode: codes });
}

/** Parses an error body that may be JSON, HTML, empty or garbage. Only the known fields survive. */
export function parseErrorBody(contentType: string | null, body: string): StorageErrorDetail | undefined {
  const trimmed = body.trim();
  if (!trimmed.startsWith("{")) return undefined;
  if (contentType && !isJsonMediaType(contentType) && !/^\s*text\/plain\s*(;|$)/i.test(contentType)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  return parseErrorObject(json);
}

/**
 * The `error` of a job whose `state` is `Failed` (`{"state": "Failed", "error": {...}}`); undefined
 * for any other job or answer.
 */
export function parseFailedJobError(job: unknown): StorageErrorDetail | undefined {
  if (typeof job !== "object" || job === null) return undefined;
  const { state, error } = job as { state?: unknown; error?: unknown };
  if (state !== "Failed") return undefined;
  return parseErrorObject(error) ?? {};
}

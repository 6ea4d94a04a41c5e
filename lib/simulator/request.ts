import "server-only";

import type { IncomingMessage } from "node:http";
import type { z } from "zod";

import { ApiError, errors } from "./errors";

const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole request body; the API's bodies are small JSON documents. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw errors.malformedBody("the request body is too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The JSON value of a body, undefined for an empty one. */
export function parseJsonBody(req: IncomingMessage, body: Buffer): unknown {
  if (body.length === 0) return undefined;
  const contentType = req.headers["content-type"] ?? "";
  if (!/^application\/json\s*(;|$)/i.test(contentType.trim())) throw errors.unsupportedMediaType();
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    throw errors.malformedBody("the request body is not valid JSON");
  }
}

/**
 * Validates a body with a schema. Wrong shapes (unknown or missing attributes, wrong types) get
 * KART40038-E (unsupported parameter); values out of range get KART40046-E (invalid parameter).
 */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join(".") : "body";
  const detail = `${where}: ${issue?.message ?? "invalid"}`;
  const shapeProblem =
    !issue || issue.code === "unrecognized_keys" || issue.code === "invalid_type" || issue.code === "invalid_union";
  throw shapeProblem ? errors.malformedBody(detail) : errors.invalidValue(detail);
}

export function basicCredentials(req: IncomingMessage): { username: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function sessionToken(req: IncomingMessage): string | undefined {
  const match = /^Session\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return match?.[1];
}

/** The backup call wants application/octet-stream named explicitly; a bare * / * is not enough. */
export function acceptsOctetStream(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? "";
  return accept.split(",").some((range) => range.split(";")[0]?.trim().toLowerCase() === "application/octet-stream");
}

/** The client's address without the IPv4-mapped prefix. */
export function clientAddress(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

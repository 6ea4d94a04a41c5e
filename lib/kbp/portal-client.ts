import type { z } from "zod";

import { apiErrorSchema } from "../schemas/api-error";
import { KbpError, outcomeOfPortalError } from "./outcome";

/*
 * Calls to the portal's API with a service token. Every answer is parsed with the portal's own
 * schemas (lib/schemas); an error answer becomes a KbpError whose outcome follows its code.
 */

export interface Portal {
  url: string;
  token: string;
}

export function headers(portal: Portal, json = false): Record<string, string> {
  return {
    Authorization: `Bearer ${portal.token}`,
    Accept: "application/json",
    ...(json ? { "Content-Type": "application/json" } : {}),
  };
}

/** fetch, with a failure to reach the portal as a transfer failure. */
export async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    // Stopped on purpose (idle timeout, a signal): say why, not "unreachable".
    if (init.signal?.reason instanceof KbpError) throw init.signal.reason;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new KbpError("transfer", "PORTAL_UNREACHABLE", `Could not reach the portal (${detail}).`);
  }
}

/** A non-2xx answer as a KbpError; `{ error: { code, message } }` when the portal sent one. */
export async function refusal(response: Response): Promise<KbpError> {
  const text = await response.text().catch(() => "");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const parsed = apiErrorSchema.safeParse(body);
  if (parsed.success) {
    const { code, message } = parsed.data.error;
    return new KbpError(outcomeOfPortalError(code), code, message);
  }
  return new KbpError("portal", `HTTP_${response.status}`, `The portal answered ${response.status}.`);
}

export async function getJson<T extends z.ZodType>(portal: Portal, route: string, schema: T): Promise<z.infer<T>> {
  const response = await send(`${portal.url}${route}`, {
    headers: headers(portal),
    signal: AbortSignal.timeout(60_000),
  });
  return parseAnswer(response, schema);
}

export async function postJson<T extends z.ZodType>(
  portal: Portal,
  route: string,
  body: unknown,
  schema: T,
): Promise<z.infer<T>> {
  const response = await send(`${portal.url}${route}`, {
    method: "POST",
    headers: headers(portal, true),
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  return parseAnswer(response, schema);
}

async function parseAnswer<T extends z.ZodType>(response: Response, schema: T): Promise<z.infer<T>> {
  if (!response.ok) throw await refusal(response);
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new KbpError("portal", "UNEXPECTED_ANSWER", "The portal's answer was not understood.");
  return parsed.data;
}

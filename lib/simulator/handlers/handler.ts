import "server-only";

import type { IncomingMessage } from "node:http";

import { errors } from "../errors";
import type { Reply } from "../reply";
import type { Session, SystemState } from "../state";
import type { SimUser, StorageRole } from "../types";

/** One request to one system, its path already reduced to the embedded form. */
export interface SystemRequest {
  state: SystemState;
  req: IncomingMessage;
  /** Path below /ConfigurationManager in the embedded form, e.g. "/v1/objects/sessions". */
  route: string;
  query: URLSearchParams;
  body: Buffer;
}

export interface HandlerInput extends SystemRequest {
  /** The capture groups of the route's pattern. */
  params: string[];
  /** The caller's session; only endpoints with auth "session" may read it. */
  session: Session;
}

/** Builds the complete reply, or throws an ApiError. Synchronous: the state lives in memory. */
export type Handler = (input: HandlerInput) => Reply;

export const READERS: readonly StorageRole[] = ["security-admin-view", "security-admin-modify"];
export const MODIFIERS: readonly StorageRole[] = ["security-admin-modify"];

export function requireRole(user: SimUser, allowed: readonly StorageRole[]): void {
  if (!allowed.includes(user.role)) throw errors.noPermission();
}

/** Bodies are optional where every attribute is; an absent one validates as {}. */
export function orEmpty(value: unknown): unknown {
  return value === undefined ? {} : value;
}

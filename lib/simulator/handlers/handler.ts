import "server-only";

import type { IncomingMessage } from "node:http";

import { errors } from "../errors";
import type { Reply } from "../reply";
import type { Session, SessionTable } from "../session-table";
import type { SystemState } from "../state";
import type { StorageRole } from "../types";
import { hasRole } from "../users";

/** One request to one system, its path already reduced to the embedded form. */
export interface SystemRequest {
  state: SystemState;
  /** The session table of the listener the request came in on. */
  sessions: SessionTable;
  /** "CTL1" or "CTL2"; the server form answers as CTL1. */
  targetCtl: string;
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

/** A user without the step's role gets 403, or 404 where the system's missingRoleStatus says so. */
export function requireRole(state: SystemState, user: { roles: StorageRole[] }, role: StorageRole): void {
  if (hasRole(user, role)) return;
  throw state.settings.missingRoleStatus === 404 ? errors.notFound() : errors.noPermission(role);
}

/** Bodies are optional where every attribute is; an absent one validates as {}. */
export function orEmpty(value: unknown): unknown {
  return value === undefined ? {} : value;
}

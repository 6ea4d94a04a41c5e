import "server-only";

import { z } from "zod";

import { sessionBody } from "../api-shapes";
import { ApiError, errors } from "../errors";
import { jsonReply } from "../reply";
import { basicCredentials, clientAddress, parseJsonBody, parseWith } from "../request";
import { orEmpty, requireRole, type Handler } from "./handler";

const createBody = z.strictObject({
  aliveTime: z.int().min(1).max(300).optional(),
  authenticationTimeout: z.int().min(1).max(900).optional(),
});
const discardBody = z.strictObject({ force: z.boolean().optional() });

export const createSession: Handler = ({ state, sessions, req, body }) => {
  const credentials = basicCredentials(req);
  if (!credentials) throw errors.missingCredentials();
  const user = state.authenticate(credentials.username, credentials.password);
  try {
    if (!user) throw errors.badCredentials();
    requireRole(state, user, "storage-admin-view");
  } catch (error) {
    if (error instanceof ApiError && state.settings.echoPasswordInErrors) throw error.echoing(credentials.password);
    throw error;
  }
  const options = parseWith(createBody, orEmpty(parseJsonBody(req, body)));
  const session = sessions.create(user, clientAddress(req), options.aliveTime);
  return jsonReply(200, { token: session.token, sessionId: session.sessionId });
};

/** The sessions of this listener's table only. */
export const listSessions: Handler = ({ state, sessions, session }) => {
  requireRole(state, session.user, "storage-admin-view");
  return jsonReply(200, { data: sessions.list().map(sessionBody) });
};

export const getSession: Handler = ({ state, sessions, session, params }) => {
  const target = sessions.get(Number(params[0]));
  if (!target) throw errors.notFound();
  if (target.sessionId !== session.sessionId) requireRole(state, session.user, "storage-admin-view");
  return jsonReply(200, sessionBody(target));
};

/** Own session: always. Someone else's: only with force, and only for a modify user. */
export const discardSession: Handler = ({ state, sessions, req, body, session, params }) => {
  const options = parseWith(discardBody, orEmpty(parseJsonBody(req, body)));
  const target = sessions.get(Number(params[0]));
  if (!target) throw errors.notFound();
  if (target.sessionId !== session.sessionId) {
    if (!options.force) throw errors.notYourSession();
    requireRole(state, session.user, "security-admin-modify");
  }
  sessions.discard(target.sessionId);
  return jsonReply(200, {});
};

import "server-only";

import { z } from "zod";

import { sessionBody } from "../api-shapes";
import { errors } from "../errors";
import { jsonReply } from "../reply";
import { basicCredentials, clientAddress, parseJsonBody, parseWith } from "../request";
import { MODIFIERS, orEmpty, READERS, requireRole, type Handler } from "./handler";

const createBody = z.strictObject({
  aliveTime: z.int().min(1).max(300).optional(),
  authenticationTimeout: z.int().min(1).max(900).optional(),
});
const discardBody = z.strictObject({ force: z.boolean().optional() });

export const createSession: Handler = ({ state, req, body }) => {
  const credentials = basicCredentials(req);
  if (!credentials) throw errors.missingCredentials();
  const user = state.authenticate(credentials.username, credentials.password);
  if (!user) throw errors.badCredentials();
  const options = parseWith(createBody, orEmpty(parseJsonBody(req, body)));
  const session = state.createSession(user, clientAddress(req), options.aliveTime);
  return jsonReply(200, { token: session.token, sessionId: session.sessionId });
};

export const listSessions: Handler = ({ state, session }) => {
  requireRole(session.user, READERS);
  return jsonReply(200, { data: state.listSessions().map(sessionBody) });
};

export const getSession: Handler = ({ state, session, params }) => {
  const target = state.session(Number(params[0]));
  if (!target) throw errors.notFound();
  if (target.sessionId !== session.sessionId) requireRole(session.user, READERS);
  return jsonReply(200, sessionBody(target));
};

/** Own session: always. Someone else's: only with force, and only for a modify user. */
export const discardSession: Handler = ({ state, req, body, session, params }) => {
  const options = parseWith(discardBody, orEmpty(parseJsonBody(req, body)));
  const target = state.session(Number(params[0]));
  if (!target) throw errors.notFound();
  if (target.sessionId !== session.sessionId) {
    if (!options.force) throw errors.notYourSession();
    requireRole(session.user, MODIFIERS);
  }
  state.discardSession(target.sessionId);
  return jsonReply(200, {});
};

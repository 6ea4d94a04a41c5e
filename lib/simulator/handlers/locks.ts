import "server-only";

import { z } from "zod";

import { jsonReply } from "../reply";
import { parseJsonBody, parseWith } from "../request";
import { orEmpty, type Handler } from "./handler";

const lockBody = z.strictObject({
  parameters: z.strictObject({ waitTime: z.int().min(0).max(7200).optional() }).optional(),
});
const RESOURCE = "/ConfigurationManager/v1/services/resource-group-service";

export const lock: Handler = ({ state, req, body, session }) => {
  parseWith(lockBody, orEmpty(parseJsonBody(req, body)));
  // Waiting for another session's lock (waitTime) is not simulated: a held lock is a conflict at once.
  state.lock(session);
  return jsonReply(200, state.createJob(session.user.username, [RESOURCE]));
};

export const unlock: Handler = ({ state, req, body, session }) => {
  parseJsonBody(req, body);
  state.unlock(session);
  return jsonReply(200, state.createJob(session.user.username, [RESOURCE]));
};

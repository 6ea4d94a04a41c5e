import "server-only";

import { API_VERSION, storageIdentity } from "../api-shapes";
import { errors } from "../errors";
import { jsonReply } from "../reply";
import { requireRole, type Handler } from "./handler";

export const version: Handler = () => jsonReply(200, API_VERSION);

export const storageInstance: Handler = ({ state, session, targetCtl }) => {
  requireRole(state, session.user, "storage-admin-view");
  return jsonReply(200, storageIdentity(state, targetCtl));
};

/** In the embedded form the list holds just this system. */
export const listStorages: Handler = ({ state, targetCtl }) =>
  jsonReply(200, { data: [storageIdentity(state, targetCtl)] });

export const getJob: Handler = ({ state, params }) => {
  const job = state.job(Number(params[0]));
  if (!job) throw errors.notFound();
  return jsonReply(200, job);
};

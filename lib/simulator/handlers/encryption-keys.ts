import "server-only";

import { z } from "zod";

import { keyBody } from "../api-shapes";
import { errors } from "../errors";
import { jsonReply } from "../reply";
import { parseJsonBody, parseWith } from "../request";
import { MAX_KEYS } from "../state";
import { requireRole, type Handler } from "./handler";

const PAGE_MAX = 1024;
const TIME = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, "expected YYYY-MM-DDThh:mm:ssZ")
  .refine((value) => !Number.isNaN(Date.parse(value)), "not a valid time");
const listQuery = z.strictObject({
  // Required: a listing without it is refused with 400 KART40046-E.
  keyType: z.enum(
    ["DEK", "CEK", "KEK", "FREE", "DEKANDFREE"],
    "keyType is required (DEK, CEK, KEK, FREE or DEKANDFREE)",
  ),
  startKeyId: z.coerce
    .number()
    .pipe(
      z
        .int()
        .min(0)
        .max(MAX_KEYS - 1),
    )
    .optional(),
  count: z.coerce.number().pipe(z.int().min(1).max(PAGE_MAX)).optional(),
  startCreatedTime: TIME.optional(),
  endCreatedTime: TIME.optional(),
});
const createBody = z.strictObject({ count: z.int().min(1).max(MAX_KEYS) });

function parseListQuery(query: URLSearchParams) {
  const entries: Record<string, string> = {};
  for (const [name, value] of query) {
    if (name in entries) throw errors.invalidQuery(`${name} is specified more than once`);
    entries[name] = value;
  }
  const result = listQuery.safeParse(entries);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw errors.invalidQuery(`${issue?.path.join(".") || "query"}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

/** At most 1024 keys per answer, sorted by keyId: a client pages with startKeyId. */
export const listKeys: Handler = ({ state, session, query }) => {
  requireRole(state, session.user, "security-admin-view");
  const { keyType, startKeyId = 0, count = PAGE_MAX, startCreatedTime, endCreatedTime } = parseListQuery(query);
  // The simulated systems hold DEKs and free keys only, so CEK and KEK select nothing.
  const wanted: string[] = keyType === "DEKANDFREE" ? ["DEK", "FREE"] : [keyType];
  const keys = state
    .listKeys()
    .filter(
      (key) =>
        wanted.includes(key.keyType) &&
        key.keyId >= startKeyId &&
        (startCreatedTime === undefined || key.createdTime >= startCreatedTime) &&
        (endCreatedTime === undefined || key.createdTime <= endCreatedTime),
    )
    .slice(0, count);
  return jsonReply(200, { data: keys.map(keyBody) });
};

export const getKey: Handler = ({ state, session, params }) => {
  requireRole(state, session.user, "security-admin-view");
  const id = params[0];
  const key = id !== undefined && /^\d+$/.test(id) ? state.key(Number(id)) : undefined;
  if (!key) throw errors.notFound();
  return jsonReply(200, keyBody(key));
};

/** Asynchronous on the real system; here the job is complete by the time it is answered. */
export const createKeys: Handler = ({ state, req, body, session }) => {
  requireRole(state, session.user, "security-admin-modify");
  const { count } = parseWith(createBody, parseJsonBody(req, body));
  const added = state.addKeys(count);
  const job = state.createJob(
    session.user.username,
    added.map((key) => `/ConfigurationManager/v1/objects/encryption-keys/${key.keyId}`),
  );
  return jsonReply(202, job);
};

export const keyCounts: Handler = ({ state, session }) => {
  requireRole(state, session.user, "security-admin-view");
  const keys = state.listKeys();
  const dek = keys.filter((key) => key.keyType === "DEK").length;
  return jsonReply(200, {
    numOfKeys: keys.length,
    numOfDekKeys: dek,
    numOfFreeKeys: keys.length - dek,
    maxNumOfKeys: MAX_KEYS,
  });
};

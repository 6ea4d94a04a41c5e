import "server-only";

import { errors } from "./errors";
import type { FaultPoint } from "./faults";
import { backupKeys } from "./handlers/backup";
import { createKeys, getKey, keyCounts, listKeys } from "./handlers/encryption-keys";
import type { Handler, SystemRequest } from "./handlers/handler";
import { lock, unlock } from "./handlers/locks";
import { createSession, discardSession, getSession, listSessions } from "./handlers/sessions";
import { getJob, listStorages, storageInstance, version } from "./handlers/storage";
import type { Reply } from "./reply";
import { sessionToken } from "./request";
import type { Session } from "./session-table";

type Auth = "none" | "basic" | "session";
/** "in-handler": the handler takes its fault itself, once the request passed validation. */
type FaultTaking = FaultPoint | "in-handler";

interface Endpoint {
  handler: Handler;
  /** Default "session". */
  auth?: Auth;
  /** Default "other" (only faults "on: any" apply). */
  faultPoint?: FaultTaking;
}

interface Route {
  pattern: RegExp;
  methods: Partial<Record<string, Endpoint>>;
}

export interface ResolvedRoute {
  handler: Handler;
  auth: Auth;
  faultPoint: FaultTaking;
  params: string[];
}

// Paths in the embedded form, below /ConfigurationManager.
const ROUTES: Route[] = [
  { pattern: /^\/configuration\/version$/, methods: { GET: { handler: version, auth: "none" } } },
  {
    pattern: /^\/v1\/objects\/sessions$/,
    methods: {
      POST: { handler: createSession, auth: "basic", faultPoint: "session-create" },
      GET: { handler: listSessions },
    },
  },
  {
    pattern: /^\/v1\/objects\/sessions\/(\d+)$/,
    methods: { GET: { handler: getSession }, DELETE: { handler: discardSession } },
  },
  // Without a session: in the server form it is how a client finds the storageDeviceIds.
  { pattern: /^\/v1\/objects\/storages$/, methods: { GET: { handler: listStorages, auth: "none" } } },
  { pattern: /^\/v1\/objects\/storages\/instance$/, methods: { GET: { handler: storageInstance } } },
  {
    pattern: /^\/v1\/services\/resource-group-service\/actions\/lock\/invoke$/,
    methods: { POST: { handler: lock }, PUT: { handler: lock } },
  },
  {
    pattern: /^\/v1\/services\/resource-group-service\/actions\/unlock\/invoke$/,
    methods: { POST: { handler: unlock }, PUT: { handler: unlock } },
  },
  {
    pattern: /^\/v1\/objects\/encryption-keys\/file\/actions\/backup\/invoke$/,
    methods: {
      POST: { handler: backupKeys, faultPoint: "in-handler" },
      PUT: { handler: backupKeys, faultPoint: "in-handler" },
    },
  },
  {
    pattern: /^\/v1\/objects\/encryption-keys$/,
    methods: { GET: { handler: listKeys }, POST: { handler: createKeys } },
  },
  { pattern: /^\/v1\/objects\/encryption-keys\/([^/]+)$/, methods: { GET: { handler: getKey } } },
  { pattern: /^\/v1\/objects\/encryption-key-counts\/instance$/, methods: { GET: { handler: keyCounts } } },
  { pattern: /^\/v1\/objects\/jobs\/(\d+)$/, methods: { GET: { handler: getJob } } },
];

/** Finds the endpoint for a path; throws 404 for an unknown path and 405 for a wrong method. */
export function resolveRoute(route: string, method: string): ResolvedRoute {
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(route);
    if (!match) continue;
    const endpoint = candidate.methods[method];
    if (!endpoint) throw errors.methodNotAllowed(Object.keys(candidate.methods));
    return {
      handler: endpoint.handler,
      auth: endpoint.auth ?? "session",
      faultPoint: endpoint.faultPoint ?? "other",
      params: match.slice(1),
    };
  }
  throw errors.notFound();
}

/** Checks the session (for session endpoints) and runs the handler. Throws ApiError for refusals. */
export function runRoute(resolved: ResolvedRoute, request: SystemRequest): Reply {
  let session: Session | undefined;
  if (resolved.auth === "session") {
    const token = sessionToken(request.req);
    session = token === undefined ? undefined : request.sessions.use(token);
    if (!session) throw errors.invalidToken();
  }
  // Endpoints without auth "session" never read it, so the cast cannot hand them an undefined they use.
  return resolved.handler({ ...request, params: resolved.params, session: session as Session });
}

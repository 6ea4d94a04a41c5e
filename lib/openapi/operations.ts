import "server-only";

import { PORTAL_OPERATIONS } from "./operations-portal";
import { SYSTEM_OPERATIONS } from "./operations-systems";
import { TOKEN_OPERATIONS } from "./operations-tokens";
import type { OperationSpec } from "./types";

/** Every operation of app/api, one entry per exported handler of a route file. */
export const OPERATIONS: readonly OperationSpec[] = [...PORTAL_OPERATIONS, ...SYSTEM_OPERATIONS, ...TOKEN_OPERATIONS];

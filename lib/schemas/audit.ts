import { z } from "zod";

import { pageQuerySchema, pageSchema } from "./pagination";

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 500;

/** Query of GET /api/audit. */
export const auditQuerySchema = pageQuerySchema({ default: AUDIT_PAGE_DEFAULT, max: AUDIT_PAGE_MAX });
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditOutcomeSchema = z.enum(["success", "failure", "denied"]);

export const auditItemSchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string().nullable(),
  actorUserId: z.string().nullable(),
  clientIp: z.string().nullable(),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }).nullable(),
  outcome: auditOutcomeSchema,
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditItem = z.infer<typeof auditItemSchema>;

export const auditPageSchema = pageSchema(auditItemSchema);
export type AuditPageBody = z.infer<typeof auditPageSchema>;

import { z } from "zod";

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 500;

/** Query of GET /api/audit. */
export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(AUDIT_PAGE_DEFAULT),
  cursor: z.string().min(1).max(512).optional(),
});
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

export const auditPageSchema = z.object({
  items: z.array(auditItemSchema),
  nextCursor: z.string().nullable(),
});
export type AuditPageBody = z.infer<typeof auditPageSchema>;

import { z } from "zod";

import {
  checkDateRange,
  dateRangeShape,
  listFormatSchema,
  optionalParam,
  pageQuerySchema,
  pageSchema,
} from "./pagination";

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 500;

const filterText = optionalParam(z.string().trim().min(1).max(200));

/** The audit log's filters, all optional: `?actor=&action=&target=&from=&to=`, kept in the page's URL too. */
export const auditFilterShape = {
  /** The username of who acted, exactly. */
  actor: filterText,
  /** The action name, exactly (`backup.run`). */
  action: filterText,
  /** A target's id or its label (a system's or user's name at the time), exactly. */
  target: filterText,
  ...dateRangeShape,
};
export const auditFilterSchema = z.object(auditFilterShape).superRefine(checkDateRange);
export type AuditFilters = z.infer<typeof auditFilterSchema>;

/** Query of GET /api/audit: the filters, `?limit=&cursor=`, and `?format=csv` for the whole filtered log. */
export const auditQuerySchema = pageQuerySchema({ default: AUDIT_PAGE_DEFAULT, max: AUDIT_PAGE_MAX })
  .extend({ ...auditFilterShape, format: listFormatSchema })
  .superRefine(checkDateRange);
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

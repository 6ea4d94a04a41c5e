import { z } from "zod";

/** The query of a paged list: `?limit=&cursor=`, the cursor being a previous page's `nextCursor`. */
export function pageQuerySchema(limits: { default: number; max: number }) {
  return z.object({
    limit: z.coerce.number().int().min(1).max(limits.max).default(limits.default),
    cursor: z.string().min(1).max(512).optional(),
  });
}

/** A page of items, newest first; `nextCursor` is null on the last page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

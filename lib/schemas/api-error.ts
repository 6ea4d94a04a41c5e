import { z } from "zod";

/** Every error the portal's API answers with: `{ error: { code, message, ... } }`. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
    retryAfterSeconds: z.number().optional(),
    /** DUPLICATE_BASE_URL: the registered system that already uses the base URL. */
    existingSystem: z.object({ id: z.string(), name: z.string(), baseUrl: z.string() }).optional(),
    storage: z
      .object({
        status: z.number().optional(),
        messageId: z.string().optional(),
        message: z.string().optional(),
        solution: z.string().optional(),
      })
      .optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
export type ApiErrorDetail = ApiErrorBody["error"];

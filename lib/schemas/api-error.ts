import { z } from "zod";

/** Every error the portal's API answers with: `{ error: { code, message, ... } }`. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
    retryAfterSeconds: z.number().optional(),
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

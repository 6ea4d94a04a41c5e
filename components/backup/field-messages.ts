import type { FieldError } from "react-hook-form";

/**
 * Every message on a field, in order, with `criteriaMode: "all"` (zod can find several problems
 * with one password at once: too short and a character not allowed); else the one message.
 */
export function fieldMessages(error: Pick<FieldError, "message" | "types"> | undefined): string[] {
  if (!error) return [];
  const fromTypes = Object.values(error.types ?? {}).flatMap((value) =>
    typeof value === "string"
      ? [value]
      : Array.isArray(value)
        ? value.filter((item): item is string => typeof item === "string")
        : [],
  );
  const messages = fromTypes.length > 0 ? fromTypes : error.message ? [error.message] : [];
  return [...new Set(messages)];
}

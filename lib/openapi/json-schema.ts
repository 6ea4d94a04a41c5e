import "server-only";

import { z } from "zod";

export type JsonSchema = Record<string, unknown>;

/**
 * A shared zod schema as JSON Schema 2020-12 (the dialect of OpenAPI 3.1), as a client sends it
 * (`io: "input"`: defaults optional, before transforms). `$schema` is dropped: the document's
 * dialect applies.
 */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  const converted = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
  }) as JsonSchema;
  delete converted.$schema;
  return converted;
}

export interface ParameterObject {
  name: string;
  in: "path" | "query";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

/** The properties of an object schema (params or query) as OpenAPI parameters, one per name. */
export function parametersOf(schema: z.ZodType, location: "path" | "query"): ParameterObject[] {
  const json = toJsonSchema(schema);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      // A path parameter is always required (OpenAPI); a query parameter when the schema says so.
      required: location === "path" || required.has(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

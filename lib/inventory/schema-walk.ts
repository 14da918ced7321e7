import type { z } from "zod";

/**
 * Finds the schema that governs a spec path, following the raw document through discriminated
 * unions. Used to tell a person which keys ARE allowed where they wrote an unknown one.
 */
type AnySchema = z.ZodType;

interface DefLike {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  innerType?: AnySchema;
  in?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
  catchall?: AnySchema;
}

function defOf(schema: AnySchema): DefLike {
  return (schema as unknown as { _zod: { def: DefLike } })._zod.def;
}

function unwrap(schema: AnySchema, raw: unknown): AnySchema {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if ((def.type === "optional" || def.type === "default" || def.type === "nullable") && def.innerType) {
      current = def.innerType;
    } else if (def.type === "pipe" && def.in) {
      current = def.in;
    } else if (def.type === "union" && def.options) {
      current = pickOption(def, raw) ?? current;
      if (current === schema || defOf(current).type === "union") return current;
    } else {
      return current;
    }
  }
}

function pickOption(def: DefLike, raw: unknown): AnySchema | undefined {
  const options = def.options ?? [];
  if (def.discriminator && raw && typeof raw === "object") {
    const wanted = (raw as Record<string, unknown>)[def.discriminator];
    return options.find((option) => {
      const shape = defOf(unwrap(option, undefined)).shape;
      const literal = shape?.[def.discriminator!];
      const values = literal ? (defOf(literal) as unknown as { values?: unknown[] }).values : undefined;
      return values?.includes(wanted);
    });
  }
  // A plain union: the first object option, if the raw value is an object.
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    return options.find((option) => defOf(unwrap(option, raw)).type === "object");
  }
  return undefined;
}

export function schemaAt(root: AnySchema, path: readonly (string | number)[], rawRoot: unknown): AnySchema | undefined {
  let schema: AnySchema | undefined = unwrap(root, rawRoot);
  let raw = rawRoot;
  for (const segment of path) {
    if (!schema) return undefined;
    const def = defOf(schema);
    raw = raw && typeof raw === "object" ? (raw as Record<string | number, unknown>)[segment] : undefined;
    let next: AnySchema | undefined;
    if (def.type === "object") next = def.shape?.[String(segment)] ?? def.catchall;
    else if (def.type === "array") next = def.element;
    else if (def.type === "record") next = def.valueType;
    schema = next ? unwrap(next, raw) : undefined;
  }
  return schema;
}

/** The keys an object schema accepts, or undefined when the path is not an object schema. */
export function allowedKeysAt(root: AnySchema, path: readonly (string | number)[], rawRoot: unknown): string[] | undefined {
  const schema = schemaAt(root, path, rawRoot);
  if (!schema) return undefined;
  const def = defOf(schema);
  return def.type === "object" && def.shape ? Object.keys(def.shape) : undefined;
}

import { DURATION_PATTERN } from "./duration";
import { looksLikeSecretKey, looksRandom } from "./secret-material";

/*
 * The one door through which inventory text reaches a message or a formatted path. Text is shown
 * only when it looks like an id (a short lower-case slug that no secret rule flags) or is one of
 * the schema's own field names; anything else is `<redacted, N chars>`. A key can hold a password
 * as easily as a value can, so keys, values and references all go through here.
 */

/** The id pattern of the schema (lib/inventory/schema/primitives.ts), repeated to keep this module leaf-light. */
const SLUG = /^[a-z][a-z0-9-]{0,47}$/;

/** Whether inventory text may be shown as it is: an id that no secret rule flags, or a word of the schema. */
export function isDisplayableId(text: string): boolean {
  return (SLUG.test(text) && !looksLikeSecretKey(text) && !looksRandom(text)) || schemaWords().has(text);
}

let vocabulary: ReadonlySet<string> | undefined;

/**
 * Every field name, enum value and literal the schema declares (`accountId`, `cloud-access-key`):
 * the library's own words, never a user's secret.
 */
export function schemaWords(): ReadonlySet<string> {
  if (!vocabulary) {
    const names = new Set<string>();
    const seen = new Set<unknown>();
    const visit = (schema: unknown): void => {
      if (!schema || typeof schema !== "object" || seen.has(schema)) return;
      seen.add(schema);
      const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
      if (!def) return;
      const shape = def.shape as Record<string, unknown> | undefined;
      if (shape) {
        for (const [key, child] of Object.entries(shape)) {
          names.add(key);
          visit(child);
        }
      }
      for (const value of Object.values((def.entries as Record<string, unknown> | undefined) ?? {})) {
        if (typeof value === "string") names.add(value);
      }
      for (const value of (def.values as unknown[] | undefined) ?? []) {
        if (typeof value === "string") names.add(value);
      }
      for (const key of ["element", "valueType", "innerType", "in", "out", "catchall"]) visit(def[key]);
      for (const option of (def.options as unknown[] | undefined) ?? []) visit(option);
    };
    // Required here, not imported: formatting a path must not load zod and the whole schema up front.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, so a command loads only the modules it uses (start-up time)
    visit((require("./schema/inventory") as typeof import("./schema/inventory")).inventorySchema);
    vocabulary = names;
  }
  return vocabulary;
}

/**
 * A key named like a secret field (`password`, `db_password`, `clientSecret`): words that the secret
 * rules recognize as the name of a field, not a generated value; showing the name is how a person
 * finds and removes it.
 */
function isSecretFieldName(key: string): boolean {
  return (
    /^[A-Za-z][A-Za-z_-]{0,39}$/.test(key) &&
    looksLikeSecretKey(key) &&
    key.split(/[-_]|(?=[A-Z])/).every((word) => word.length <= 12 && /^[A-Za-z][a-z]*$/.test(word))
  );
}

/** Whether a key may be shown: a displayable id, a word of the schema, or the name of a secret field. */
export function isDisplayableKey(key: string): boolean {
  return isDisplayableId(key) || isSecretFieldName(key);
}

/** `<redacted, 12 chars>`: what a person sees instead of text that could be secret. */
export function redacted(text: string): string {
  const length = [...text].length;
  return `<redacted, ${length} char${length === 1 ? "" : "s"}>`;
}

function described(value: unknown): string {
  if (value === undefined) return "(none)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "<a list>";
  if (typeof value === "object") return "<a mapping>";
  return `<${typeof value}>`;
}

/** Inventory text for a message, bare: `orders-team`, or `<redacted, N chars>`. */
export function shown(value: unknown): string {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "<number>";
  if (typeof value === "boolean") return String(value);
  if (typeof value !== "string") return described(value);
  return isDisplayableId(value) ? value : redacted(value);
}

/** Inventory text for a message, quoted: `"orders-team"`, or `<redacted, N chars>` (no quotes). */
export function quoted(value: unknown): string {
  return typeof value === "string" && isDisplayableId(value) ? `"${value}"` : shown(value);
}

/** A key for a message: quoted when it is an id or a schema field name, else redacted. */
export function quotedKey(key: string): string {
  return isDisplayableKey(key) ? `"${key}"` : redacted(key);
}

/**
 * Text of a known, harmless format (a duration, a date, a 12-digit account id): shown when it
 * really has that format, which leaves no room for a secret; else redacted.
 */
export function shownAs(format: "duration" | "date" | "account" | "vault-path" | "rule-id" | "check-target", value: unknown): string {
  if (typeof value !== "string") return shown(value);
  switch (format) {
    case "duration":
      return DURATION_PATTERN.test(value) ? value : shown(value);
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : shown(value);
    case "account":
      return /^\d{12}$/.test(value) ? value : shown(value);
    case "vault-path": {
      const segments = value.split("/");
      const plain =
        segments.length <= 8 &&
        segments.every((segment) => /^[a-z0-9][a-z0-9_-]{0,47}$/.test(segment) && !looksLikeSecretKey(segment) && !looksRandom(segment));
      return plain ? `"${value}"` : shown(value);
    }
    case "rule-id":
      // A check's id: CKV_AWS_304, ETL-VAULT-003.
      return /^[A-Z][A-Z0-9]{1,15}(?:[_-][A-Z0-9]{1,15}){1,4}$/.test(value) && !looksRandom(value) ? value : shown(value);
    case "check-target": {
      // A suppression's target: a stack name or a construct path of lower-case segments.
      const segments = value.split("/");
      const plain =
        segments.length <= 10 && segments.every((segment) => /^[a-z0-9][a-z0-9_-]{0,63}$/.test(segment) && !looksRandom(segment));
      return plain ? value : shown(value);
    }
  }
}

/** A comma-separated list of inventory texts, each shown or redacted, sorted; `(none)` when empty. */
export function shownList(values: Iterable<unknown>): string {
  const texts = [...values].map(shown).sort();
  return texts.length === 0 ? "(none)" : texts.join(", ");
}

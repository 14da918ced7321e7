import type { z } from "zod";
import type { SpecIssue, SpecPath } from "./issues";
import { allowedKeysAt } from "./schema-walk";
import { isDisplayableId, quotedKey } from "./display";
import { isEchoable, looksLikeSecretKey } from "./secret-material";

/**
 * Turns zod's issues into messages for people: what was wrong, what is allowed, and never the
 * value of anything that could be a secret.
 */
export function structuralIssues(schema: z.ZodType, raw: unknown): SpecIssue[] {
  return structuralCheck(schema, raw).issues;
}

/**
 * The structural issues and, when there are none, zod's output: validation normalizes that output
 * instead of parsing the whole document a second time.
 */
export function structuralCheck<T extends z.ZodType>(
  schema: T,
  raw: unknown,
): { readonly issues: SpecIssue[]; readonly data?: z.output<T> } {
  // Without zod's eval-compiled fast path: a document is parsed once, and compiling a parser for
  // each of the schema's object shapes first costs more than it saves (a 1,000-connector inventory
  // parses in about half the time). Same result either way.
  const result = schema.safeParse(raw, JITLESS);
  if (result.success) return { issues: [], data: result.data };
  const issues: SpecIssue[] = [];
  for (const issue of result.error.issues) issues.push(...describe(schema, raw, issue));
  return { issues };
}

const JITLESS = { jitless: true } as const;

function valueAt(raw: unknown, path: SpecPath): unknown {
  let current = raw;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return "text";
  return `a ${typeof value}`;
}

/**
 * What was received: the value itself only where a word is expected (an enum, a literal) and the
 * value is echoable; for a wrong type the kind says enough ("got text"), and text in the wrong
 * place (a whole file that is one token, a value where a mapping belongs) may well be a secret.
 */
function got(path: SpecPath, value: unknown, echoText = true): string {
  const key = path[path.length - 1];
  if (!echoText && typeof value === "string") return `got ${kindOf(value)}`;
  if (!isEchoable(key, value)) return `got ${kindOf(value)}`;
  return typeof value !== "string" || isDisplayableId(value) ? `got ${JSON.stringify(value)}` : `got ${kindOf(value)}`;
}

function expectedKind(expected: string): string {
  switch (expected) {
    case "object":
      return "a mapping";
    case "array":
      return "a list";
    case "string":
      return "text";
    default:
      return `a ${expected}`;
  }
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

function describe(schema: z.ZodType, raw: unknown, issue: z.core.$ZodIssue): SpecIssue[] {
  const path = issue.path as (string | number)[];
  const value = valueAt(raw, path);
  const base = { severity: "error" as const };
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeysAt(schema, path, raw) ?? [];
      return issue.keys.map((key) => {
        const suggestion = closest(key, allowed);
        const secret = looksLikeSecretKey(key);
        const message = secret
          ? `unknown field ${quotedKey(key)}, and it looks like secret material: remove it from the inventory ` +
            `(the inventory holds references only; write values with \`etl-secrets seed\`). ` +
            `Allowed here: ${allowed.join(", ")}`
          : `unknown field ${quotedKey(key)}${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; allowed here: ${allowed.join(", ")}`;
        return { ...base, path: [...path, key], code: secret ? "secret-material" : "unrecognized-key", message };
      });
    }
    case "invalid_type":
      if (value === undefined) {
        return [{ ...base, path, code: "required", message: `is required (${expectedKind(issue.expected)})` }];
      }
      return [
        {
          ...base,
          path,
          code: "invalid-type",
          message:
            `must be ${expectedKind(issue.expected)}, ${got(path, value, false)}` +
            // YAML reads 111111111111, 0755 or true as a number or boolean: the fix is quotes.
            (issue.expected === "string" && (typeof value === "number" || typeof value === "boolean") ? " (quote it in YAML)" : ""),
        },
      ];
    case "invalid_value":
      if (value === undefined) {
        return [{ ...base, path, code: "required", message: `is required: one of ${issue.values.map(String).join(" | ")}` }];
      }
      return [
        {
          ...base,
          path,
          code: "invalid-value",
          message: `must be ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map(String).join(" | ")}`}, ${got(path, value)}`,
        },
      ];
    case "invalid_union": {
      const discriminated = issue as z.core.$ZodIssueInvalidUnion & { discriminator?: string; options?: unknown[] };
      if (discriminated.options && discriminated.options.length > 0) {
        if (value === undefined) {
          return [{ ...base, path, code: "required", message: `is required: one of ${discriminated.options.join(" | ")}` }];
        }
        return [
          { ...base, path, code: "invalid-value", message: `must be one of ${discriminated.options.join(" | ")}, ${got(path, value)}` },
        ];
      }
      return [{ ...base, path, code: "invalid-value", message: `does not match any allowed shape, ${got(path, value)}` }];
    }
    case "too_small":
      return [{ ...base, path, code: "too-small", message: sizeMessage("at least", issue.origin, issue.minimum) }];
    case "too_big":
      return [{ ...base, path, code: "too-big", message: sizeMessage("at most", issue.origin, issue.maximum) }];
    case "invalid_format":
      return [{ ...base, path, code: "invalid-format", message: issue.message }];
    case "invalid_key":
      return [
        { ...base, path, code: "invalid-key", message: `has a key that is not allowed: ${issue.issues[0]?.message ?? issue.message}` },
      ];
    default:
      return [{ ...base, path, code: issue.code.replace(/_/g, "-"), message: issue.message }];
  }
}

function sizeMessage(bound: string, origin: string, limit: number | bigint): string {
  switch (origin) {
    case "array":
      return Number(limit) === 1 && bound === "at least" ? "must list at least one entry" : `must list ${bound} ${limit} entries`;
    case "string":
      return Number(limit) === 1 && bound === "at least" ? "must not be empty" : `must be ${bound} ${limit} characters long`;
    default:
      return `must be ${bound} ${limit}`;
  }
}

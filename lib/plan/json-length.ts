/*
 * The length of `JSON.stringify(value)` without writing the text. Plans split an EventBridge
 * target's constant input in parts by its length (lib/plan/vault-broker-rotation.ts and its peers);
 * validation derives those parts' rule names for every environment, and writing every entry only
 * to count its characters was a measurable share of `etl-secrets validate` at 1,000 connectors
 * (issue 13). The answer is exact (test/plan/json-length.property.test.ts compares it with
 * `JSON.stringify` on random values): a string that JSON would escape (a quote, a backslash, a
 * control character, a surrogate) is measured by JSON.stringify itself.
 */

/** Characters JSON.stringify writes other than as themselves (surrogates: measured exactly by it). */
// eslint-disable-next-line no-control-regex -- the characters JSON must escape are control characters, by definition
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `JSON.stringify(value).length` for the plain data plans hold (strings, numbers, booleans, null, arrays, objects). */
export function jsonLength(value: unknown): number {
  switch (typeof value) {
    case "string":
      return ESCAPED.test(value) ? JSON.stringify(value).length : value.length + 2;
    case "number":
      return Number.isFinite(value) ? String(value).length : 4;
    case "boolean":
      return value ? 4 : 5;
    case "object":
      if (value === null) return 4;
      if (Array.isArray(value)) return arrayLength(value);
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") return JSON.stringify(value).length;
      return objectLength(value as Record<string, unknown>);
    default:
      // undefined, functions, symbols and bigints: JSON.stringify's own answer (or its error).
      return JSON.stringify(value)?.length ?? 0;
  }
}

/** JSON writes `null` for an array item it would leave out of an object. */
const omitted = (item: unknown): boolean => item === undefined || typeof item === "function" || typeof item === "symbol";

function arrayLength(items: readonly unknown[]): number {
  let length = 2 + Math.max(0, items.length - 1);
  for (const item of items) length += omitted(item) ? 4 : jsonLength(item);
  return length;
}

function objectLength(object: Record<string, unknown>): number {
  let length = 2;
  let written = 0;
  for (const key of Object.keys(object)) {
    const item = object[key];
    if (omitted(item)) continue;
    length += (written > 0 ? 1 : 0) + jsonLength(key) + 1 + jsonLength(item);
    written += 1;
  }
  return length;
}

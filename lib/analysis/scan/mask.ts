import { createHash } from "node:crypto";

/**
 * What a report may show of a secret: at most its first 4 characters (fewer for short values, none
 * under 8), then `***` and its length. Enough to find it in the file, never enough to use it.
 */
export function maskSecret(value: string): string {
  const flat = value.replace(/\s+/g, " ");
  const shown = flat.length < 8 ? 0 : Math.min(4, Math.floor(flat.length / 4));
  return `${flat.slice(0, shown)}*** (${value.length} chars)`;
}

/** `sha256:<hex>` of a matched value: the stable name an allowlist entry uses. */
export function fingerprint(value: string): string {
  return `sha256:${createHash("sha256").update(value, "utf8").digest("hex")}`;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Number of character classes (lower, upper, digit, other) a value uses. */
export function characterClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(value)).length;
}

/**
 * A name made from spec keys is quoted only when it is plainly made of ids (a lower-case slug with
 * the separators names use); anything else shows as `<redacted, N chars>`, so a message never
 * echoes text that might be secret. (The house's redaction helper may replace this one.)
 */
export function quoteName(name: string): string {
  return /^[a-z0-9][a-z0-9._/@-]{0,159}$/.test(name) ? `"${name}"` : `<redacted, ${name.length} chars>`;
}

/** A refusal or failure of `seed` that the user can act on. Its message never holds the value. */
export class SeedError extends Error {
  constructor(
    message: string,
    /** "usage": the request was wrong (exit 2); "refused": the state forbids it (exit 1). */
    readonly kind: "usage" | "refused" = "refused",
  ) {
    super(message);
  }
}

/**
 * Removes every secret value from a message (an SDK or HTTP error could quote what was sent).
 * Values shorter than 4 characters are left (they would redact ordinary words); the caller also
 * never passes the request body to an error.
 */
export function redact(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join("[redacted]");
  }
  return out;
}

/**
 * Field names that hold secret material. The inventory holds references and policies only, so
 * such a key is refused, and its value is never echoed in any message.
 */
const SECRET_KEY_PATTERN =
  /(pass(word|wd|phrase|code)?|pwd|secret|secret[-_]?(key|id|value)|token|api[-_]?key|private[-_]?key|access[-_]?key|(encryption|master|shared|hmac|storage|account)[-_]?key|credentials?[-_]?(value|json)|client[-_]?secret|auth[-_]?string|connection[-_]?string|conn[-_]?str|dsn|bearer|session[-_]?key|signing[-_]?key|jwk|pem)$/i;

export function looksLikeSecretKey(key: string): boolean {
  return SECRET_KEY_PATTERN.test(key.replace(/[^A-Za-z_-]/g, ""));
}

/** Mixed-case letters with digits: how generated passwords and keys look, and words do not. */
function looksGenerated(value: string): boolean {
  return /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value);
}

/**
 * Lower-case text can still be a generated secret: long runs without a separator, or letters and
 * digits interleaved (`x9k2p7`), are how keys and passwords look and ids do not.
 */
export function looksRandom(text: string): boolean {
  return text.split(/[-_.]/).some((segment) => {
    if (segment.length >= 20) return true;
    const digits = (segment.match(/\d/g) ?? []).length;
    const letters = (segment.match(/[a-z]/gi) ?? []).length;
    const switches = (segment.match(/[a-z](?=\d)|\d(?=[a-z])/gi) ?? []).length;
    return (digits >= 2 && letters >= 2 && switches >= 3) || (digits >= 4 && letters >= 4);
  });
}

/**
 * Whether a received value may be shown back: short words only, never under a secret-like key,
 * never something that looks generated (a password in the wrong field is still a password).
 */
export function isEchoable(key: string | number | undefined, value: unknown): value is string | number | boolean {
  if (typeof key === "string" && looksLikeSecretKey(key)) return false;
  if (typeof value === "number" || typeof value === "boolean") return true;
  return typeof value === "string" && /^[A-Za-z0-9 ._:/-]{1,40}$/.test(value) && !looksGenerated(value);
}

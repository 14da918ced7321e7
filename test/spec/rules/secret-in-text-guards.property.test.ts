import fc from "fast-check";
import { looksLikeSecretKey } from "../../../lib/spec/secret-material";
import { secretInText } from "../../../lib/spec/rules/secret-material-text";

/*
 * secretInText runs each pattern only on text that holds what every match of that pattern must hold
 * (a length, a literal part). The reference below is the function as it was before those guards,
 * pattern for pattern: on any text, from fragments that make each pattern match and miss, both
 * give the same verdict.
 */
const VAULT_PASSWORD_TEMPLATE = /^\{\{\s*password\s*\}\}$/;
const SQL_PASSWORD = /\b(?:PASSWORD(?:\s+FOR\s+\S+)?|IDENTIFIED\s+(?:WITH\s+\w+\s+)?BY(?:\s+PASSWORD)?)\s*(?:=\s*)?(?:PASSWORD\s*)?\(?\s*(E?'(?:[^']|'')*'|"[^"]*"|\$[A-Za-z_]*\$)/gi;
const URL_LOGIN = /[A-Za-z][A-Za-z0-9+.-]*:\/\/([^\s/@:?#]*):([^\s/@]*)@/;
const BARE_LOGIN = /^[^\s/@:?#]+:[^\s@]+@[^\s@]+$/;
const QUERY_PARAMS = /[?&;#]([A-Za-z0-9_.-]+)=/g;
const SIGNATURE_PARAMS = /^(sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|auth|sslpassword|sslkey)$/i;
const KNOWN_SHAPES: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\b(AKIA|ASIA|AIDA|AROA|ANPA)[0-9A-Z]{16}\b/i,
  /\bhv[sbr]\.[A-Za-z0-9_-]{20,}/,
  /\bgh[pousr]_[A-Za-z0-9]{30,}/,
  /\bgithub_pat_[A-Za-z0-9_]{30,}/,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/,
  /\b[rs]k_(live|test)_[A-Za-z0-9]{16,}/,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./,
  /\bAIza[0-9A-Za-z_-]{35}\b/,
];
const PUBLIC_PEM = /^-----BEGIN (CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY)-----[\s\S]*-----END \1-----\s*$/;
const PUBLIC_FIELDS = new Set(["externalId", "caCert", "publicKeys"]);

function generatedWord(text: string): boolean {
  return text.split(/[\s,;:()'"<>=/\\.-]+/).some((word) => {
    if (word.length < 12) return false;
    if (/[a-z]/.test(word) && /[A-Z]/.test(word) && /\d/.test(word) && classSwitches(word) >= 0.45 * word.length) return true;
    return word.length >= 20 && /^[A-Za-z0-9+_]+$/.test(word) && (word.match(/\d/g) ?? []).length >= 4 && (word.match(/[a-z]/gi) ?? []).length >= 4;
  });
}
function classSwitches(word: string): number {
  const kind = (c: string) => (/[a-z]/.test(c) ? 0 : /[A-Z]/.test(c) ? 1 : /\d/.test(c) ? 2 : 3);
  let switches = 0;
  for (let i = 1; i < word.length; i++) if (kind(word[i]) !== kind(word[i - 1])) switches += 1;
  return switches;
}

function reference(text: string, field: string | number | undefined): string | undefined {
  if (PUBLIC_PEM.test(text.trim()) || (typeof field === "string" && PUBLIC_FIELDS.has(field))) return undefined;
  if (KNOWN_SHAPES.some((shape) => shape.test(text)) || generatedWord(text)) return "credential-shape";
  for (const match of text.matchAll(SQL_PASSWORD)) {
    const literal = match[1];
    const inner = literal.startsWith("E'") ? literal.slice(2, -1) : literal.startsWith("$") ? literal : literal.slice(1, -1);
    if (!VAULT_PASSWORD_TEMPLATE.test(inner.trim())) return "sql-password";
  }
  const login = URL_LOGIN.exec(text);
  if (login && !VAULT_PASSWORD_TEMPLATE.test(login[2])) return "url-login";
  if (BARE_LOGIN.test(text)) return "url-login";
  for (const match of text.matchAll(QUERY_PARAMS)) {
    if (looksLikeSecretKey(match[1]) || SIGNATURE_PARAMS.test(match[1])) return "query-secret";
  }
  if (field === "username" && text.includes(":")) return "username-password";
  return undefined;
}

// Fragments that build (and nearly build) every shape; joined at random.
const FRAGMENTS = [
  "a", "Z", "7", " ", ":", "@", "/", "?", "&", "=", "#", "'", "$$", "-", ".", "_", "\n",
  "password", "PASSWORD ", "IDENTIFIED BY ", "IDENTIFIED WITH x BY ", "{{password}}", "'{{ password }}'",
  "postgres://", "user", "token", "sig", "AKIA", "ABCDEFGHIJKLMNOP", "hvs.", "ghp_", "xoxb-", "sk_live_", "eyJ", "AIza",
  "abcdefghijklmnopqrstuvwxyz0123", "Xk9vQ2mR7tLp", "-----BEGIN ", "PRIVATE KEY-----", "CERTIFICATE-----", "-----END CERTIFICATE-----",
];
const text = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 4 })), { maxLength: 12 }).map((parts) => parts.join(""));
const field = fc.constantFrom<string | number | undefined>(undefined, 0, "username", "externalId", "host", "url");

describe("secretInText's guards change no verdict", () => {
  it("gives the reference's verdict on random texts built from every pattern's parts", () => {
    let flagged = 0;
    fc.assert(
      fc.property(text, field, (t, f) => {
        const expected = reference(t, f);
        expect(secretInText(t, f)).toBe(expected);
        if (expected) flagged += 1;
      }),
      { numRuns: 3000 },
    );
    expect(flagged).toBeGreaterThan(300);
  });
});

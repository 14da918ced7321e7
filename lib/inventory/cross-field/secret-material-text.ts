import { looksLikeSecretKey, looksRandom } from "../secret-material";
import type { RuleContext } from "./raw-view";

/*
 * Secret material that arrives through other doors than a secret-named field: a password literal
 * in SQL, a login in a URL or host, a secret in a query string, a password after the user name.
 * Each would be written into Terraform (and its state). Every string of the document is read,
 * per-environment overrides included, and a finding names the path, never the text.
 */

/** Vault's own placeholder: Vault fills in a generated password, so no value is in the spec. */
const VAULT_PASSWORD_TEMPLATE = /^\{\{\s*password\s*\}\}$/;

/** `PASSWORD '<literal>'`, `IDENTIFIED BY '<literal>'`, `SET PASSWORD = '<literal>'`, `PASSWORD('<literal>')`. */
const SQL_PASSWORD =
  /\b(?:PASSWORD(?:\s+FOR\s+\S+)?|IDENTIFIED\s+(?:WITH\s+\w+\s+)?BY(?:\s+PASSWORD)?)\s*(?:=\s*)?(?:PASSWORD\s*)?\(?\s*(E?'(?:[^']|'')*'|"[^"]*"|\$[A-Za-z_]*\$)/gi;

/** `scheme://user:pass@`, with any text as the password (even empty). */
const URL_LOGIN = /[A-Za-z][A-Za-z0-9+.-]*:\/\/([^\s/@:?#]*):([^\s/@]*)@/;

/** `user:pass@host` without a scheme, as one token. */
const BARE_LOGIN = /^[^\s/@:?#]+:[^\s@]+@[^\s@]+$/;

/** Query (or fragment) parameter names. */
const QUERY_PARAMS = /[?&;#]([A-Za-z0-9_.-]+)=/g;
const SIGNATURE_PARAMS = /^(sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|auth|sslpassword|sslkey)$/i;

/** Credentials whose shape is known: cloud keys, tokens, private keys. */
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

/** Public material that looks random by nature: PEM certificates and public keys. */
const PUBLIC_PEM = /^-----BEGIN (CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY)-----[\s\S]*-----END \1-----\s*$/;

/**
 * A word of at least 12 characters that looks generated: mixed case with digits whose character
 * class keeps changing (how generated passwords look, and words do not), or a run of 20 or more
 * letters and digits, 4 of each at least.
 */
export function generatedWord(text: string): boolean {
  return text.split(/[\s,;:()'"<>=/\\.-]+/).some((word) => {
    if (word.length < 12) return false;
    if (/[a-z]/.test(word) && /[A-Z]/.test(word) && /\d/.test(word) && classSwitches(word) >= 0.45 * word.length) return true;
    return (
      word.length >= 20 &&
      /^[A-Za-z0-9+_]+$/.test(word) &&
      (word.match(/\d/g) ?? []).length >= 4 &&
      (word.match(/[a-z]/gi) ?? []).length >= 4
    );
  });
}

/**
 * How often the character class (lower, upper, digit) changes along a word: about 6 times in 10
 * characters in generated text, about 3 in CamelCase words (`OAuth2ClientCredentials`).
 */
function classSwitches(word: string): number {
  const kind = (c: string) => (/[a-z]/.test(c) ? 0 : /[A-Z]/.test(c) ? 1 : /\d/.test(c) ? 2 : 3);
  let switches = 0;
  for (let i = 1; i < word.length; i++) if (kind(word[i]) !== kind(word[i - 1])) switches += 1;
  return switches;
}

/** Fields whose values are public by design: an external id is issued to be shared, certificates and public keys are public. */
const PUBLIC_FIELDS = new Set(["externalId", "caCert", "publicKeys"]);

/** The patterns, for the test that compares secretInText with their unguarded reading. */
export const SECRET_TEXT_PATTERNS = {
  VAULT_PASSWORD_TEMPLATE,
  SQL_PASSWORD,
  URL_LOGIN,
  BARE_LOGIN,
  QUERY_PARAMS,
  SIGNATURE_PARAMS,
  KNOWN_SHAPES,
  PUBLIC_PEM,
  PUBLIC_FIELDS,
} as const;

export type SecretTextKind = "sql-password" | "url-login" | "query-secret" | "username-password" | "credential-shape";

/** What kind of secret material the text carries, if any; `field` is the key it sits under. */
export function secretInText(text: string, field: string | number | undefined): SecretTextKind | undefined {
  // Each pattern runs only on text that holds what every match of it must hold (its length, a
  // literal part): the same verdicts, without a dozen expressions on every short id and host.
  if ((text.includes("-----BEGIN") && PUBLIC_PEM.test(text.trim())) || (typeof field === "string" && PUBLIC_FIELDS.has(field)))
    return undefined;
  if (text.length >= MIN_SHAPE_LENGTH && (KNOWN_SHAPES.some((shape) => shape.test(text)) || generatedWord(text))) return "credential-shape";
  if (SQL_KEYWORD.test(text)) {
    for (const match of text.matchAll(SQL_PASSWORD)) {
      const literal = match[1];
      const inner = literal.startsWith("E'") ? literal.slice(2, -1) : literal.startsWith("$") ? literal : literal.slice(1, -1);
      if (!VAULT_PASSWORD_TEMPLATE.test(inner.trim())) return "sql-password";
    }
  }
  if (text.includes("@") && text.includes(":")) {
    const login = URL_LOGIN.exec(text);
    if (login && !VAULT_PASSWORD_TEMPLATE.test(login[2])) return "url-login";
    if (BARE_LOGIN.test(text)) return "url-login";
  }
  if (text.includes("=")) {
    for (const match of text.matchAll(QUERY_PARAMS)) {
      if (looksLikeSecretKey(match[1]) || SIGNATURE_PARAMS.test(match[1])) return "query-secret";
    }
  }
  if (field === "username" && text.includes(":")) return "username-password";
  return undefined;
}

/**
 * The shortest text any KNOWN_SHAPES pattern or a generated word can match: `xoxb-` and 10
 * characters is 15, a generated word 12.
 */
const MIN_SHAPE_LENGTH = 12;

/** Every SQL_PASSWORD match holds one of its keywords. */
const SQL_KEYWORD = /password|identified/i;

const MESSAGES: Record<SecretTextKind, string> = {
  "sql-password":
    "holds a password literal in SQL (PASSWORD '...' or IDENTIFIED BY '...'), which would be written into Terraform and its state: " +
    "write Vault's {{password}} template instead (Vault fills in a generated password); secret values never go in the inventory",
  "url-login":
    "holds a login with a password (user:password@), which would be written into Terraform and its state: " +
    "remove it; the library supplies the login (Vault's {{username}}:{{password}}, or the secret), and values are written with `etl-secrets seed`",
  "query-secret":
    "holds a secret in a query parameter (password=, token=, ...), which would be written into Terraform and its state: " +
    "remove it; secret values never go in the inventory (write them with `etl-secrets seed`)",
  "credential-shape":
    "holds what looks like a credential (a cloud key, a token, a private key or a generated password), which would be written into Terraform and its state: " +
    "remove it; the inventory holds references only, and values are written with `etl-secrets seed`",
  "username-password":
    "holds a password after the user name (user:password): give the user name only; the password is written with `etl-secrets seed` or rotated",
};

export function checkSecretMaterialText(ctx: RuleContext): void {
  // An inventory repeats its text (ids, hosts, methods, field names): 45,000 strings of a
  // 1,000-connector inventory are 3,400 distinct ones. secretInText is pure and reads its field
  // only as "public", "username" or other, so each (text, kind of field) is judged once; so is
  // each key.
  // ("" for a text without secret material: one lookup tells a judged text from a new one.)
  const judged = {
    public: new Map<string, SecretTextKind | "">(),
    username: new Map<string, SecretTextKind | "">(),
    other: new Map<string, SecretTextKind | "">(),
  };
  const judge = (text: string, field: string | number | undefined): SecretTextKind | undefined => {
    const memo =
      typeof field === "string" && PUBLIC_FIELDS.has(field) ? judged.public : field === "username" ? judged.username : judged.other;
    let kind = memo.get(text);
    if (kind === undefined) {
      kind = secretInText(text, field) ?? "";
      memo.set(text, kind);
    }
    return kind === "" ? undefined : kind;
  };
  // A key becomes a name (a credential, an environment override): it must not carry a credential either.
  const keyVerdicts = new Map<string, boolean>();
  const keyCarriesCredential = (key: string): boolean => {
    let verdict = keyVerdicts.get(key);
    if (verdict === undefined) {
      verdict = judge(key, undefined) === "credential-shape" || (/^[a-z0-9-]+$/.test(key) && /\d/.test(key) && looksRandom(key));
      keyVerdicts.set(key, verdict);
    }
    return verdict;
  };
  // Each distinct text once: only a document with a finding is walked with paths (the walk below
  // judges the same (text, field) pairs, from the same memo, so it finds what this finds).
  const census = ctx.textCensus();
  let found = false;
  for (const [text, fields] of census.strings) {
    for (const field of fields) if (judge(text, field)) found = true;
    if (found) break;
  }
  if (!found)
    for (const key of census.keys)
      if (keyCarriesCredential(key)) {
        found = true;
        break;
      }
  if (!found) return;
  // One path, extended and shortened along the walk; a finding keeps a copy.
  const path: (string | number)[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === "string") {
      const kind = judge(value, path[path.length - 1]);
      if (kind) ctx.report([...path], "secret-in-text", MESSAGES[kind]);
    } else if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        path.push(index);
        visit(value[index]);
        path.pop();
      }
    } else if (value !== null && typeof value === "object") {
      for (const key of Object.keys(value)) {
        path.push(key);
        if (keyCarriesCredential(key)) ctx.report([...path], "secret-in-text", MESSAGES["credential-shape"]);
        visit((value as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  visit(ctx.root);
}

import type { SpecPath } from "../issues";
import { looksLikeSecretKey } from "../secret-material";
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
const SQL_PASSWORD = /\b(?:PASSWORD(?:\s+FOR\s+\S+)?|IDENTIFIED\s+(?:WITH\s+\w+\s+)?BY(?:\s+PASSWORD)?)\s*(?:=\s*)?(?:PASSWORD\s*)?\(?\s*(E?'(?:[^']|'')*'|"[^"]*"|\$[A-Za-z_]*\$)/gi;

/** `scheme://user:pass@`, with any text as the password (even empty). */
const URL_LOGIN = /[A-Za-z][A-Za-z0-9+.-]*:\/\/([^\s/@:?#]*):([^\s/@]*)@/;

/** `user:pass@host` without a scheme, as one token. */
const BARE_LOGIN = /^[^\s/@:?#]+:[^\s@]+@[^\s@]+$/;

/** Query (or fragment) parameter names. */
const QUERY_PARAMS = /[?&;#]([A-Za-z0-9_.-]+)=/g;
const SIGNATURE_PARAMS = /^(sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|auth|sslpassword|sslkey)$/i;

export type SecretTextKind = "sql-password" | "url-login" | "query-secret" | "username-password";

/** What kind of secret material the text carries, if any; `field` is the key it sits under. */
export function secretInText(text: string, field: string | number | undefined): SecretTextKind | undefined {
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
  "username-password":
    "holds a password after the user name (user:password): give the user name only; the password is written with `etl-secrets seed` or rotated",
};

export function checkSecretMaterialText(ctx: RuleContext): void {
  const visit = (value: unknown, path: SpecPath): void => {
    if (typeof value === "string") {
      const kind = secretInText(value, path[path.length - 1]);
      if (kind) ctx.report(path, "secret-in-text", MESSAGES[kind]);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, index]));
    } else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) visit(child, [...path, key]);
    }
  };
  visit(ctx.root, []);
}

/*
 * Text an adversary puts into an inventory: Terraform templates and directives, cdktf token syntax,
 * URL and SQL fragments, and canaries (secret-looking strings made at run time, never committed as
 * literals) that must never appear in any output or message.
 */
import { randomBytes } from "node:crypto";

/** Built from parts so no credential-shaped literal sits in the source. */
export function makeCanaries(): { readonly accessKeyId: string; readonly password: string } {
  const upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bytes = randomBytes(16);
  let id = "AK" + "IA";
  for (const byte of bytes) id += upper[byte % upper.length];
  // Upper case, lower case and digits in turn: how generated passwords look (never echoable, and
  // every character class switch makes it unmistakably generated, whatever the random bytes).
  const classes = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789"];
  let password = "";
  for (const [i, byte] of [...randomBytes(16)].entries()) password += classes[i % 3][byte % classes[i % 3].length];
  return { accessKeyId: id, password };
}

export const TEMPLATE_FRAGMENTS = [
  '${file("/etc/passwd")}',
  "%{ if true }yes%{ endif }",
  "${TfToken[TOKEN.1]}",
  "#{TfToken[TOKEN.2]}",
  "${Token[TOKEN.3]}",
  "$${already-escaped}",
] as const;

export const URL_FRAGMENTS = [
  "db.prod.internal:5432/orders?sslmode=disable#",
  "db.internal/?password=x",
  "admin:pw@db.internal",
  "db internal",
  "db.internal#frag",
] as const;

export const SQL_FRAGMENTS = [
  "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD 'hunter2-literal';",
  "CREATE USER '{{name}}'@'%' IDENTIFIED BY 'literal-pw';",
  'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}"; -- ${file("/etc/hosts")}',
] as const;

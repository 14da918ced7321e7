import { characterClasses, shannonEntropy } from "../mask";
import type { RawMatch, ScanRule } from "../types";
import { isPlaceholder, rawMatch, spans } from "./match-helpers";

const ID = "etl-secrets/secret-assignment";

/** Names that say "the value is a secret". */
const SECRET_NAME =
  "(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?|auth[_-]?key)";
/**
 * Names that contain a secret word but hold metadata about it (its name, path, ARN, TTL, hash...).
 * Matched against the end of the name.
 */
const METADATA_SUFFIX =
  /(?:^|[_.-]|[a-z](?=[A-Z]))(?:name|names|arn|arns|id|ids|path|paths|file|files|ref|url|uri|endpoint|ttl|ttls|length|len|policy|policies|alias|version|versions|type|types|kind|mount|rotation|days|enabled|hash|hashed|digest|sha1|sha256|sha512|checksum|fingerprint|count|max|min|prefix|suffix|field|fields|tags?|accessor|role|format|mode|location|store|header|env|var|variable|key_id|uses|schema|label|description|help|hint|regex|pattern|expiry|expires|expiration|at|time|timeout|size|bytes|rules?|lifetime|window)$/i;
const MIN_LENGTH = 10;
const MIN_ENTROPY = 3.0;

function looksLikeNonSecret(value: string, quoted: boolean, next: string): boolean {
  if (isPlaceholder(value)) return true;
  if (value.includes("://")) return true; // URIs: the connection-string rules judge them
  if (/^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(value)) return true; // an IAM action: secretsmanager:GetRandomPassword
  if (/^arn:aws[a-z-]*:/.test(value) || /^alias\//.test(value)) return true;
  if (/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(value)) return true;
  if (/^v?\d+(?:\.\d+)+(?:[-+][\w.-]+)?$/.test(value) || /^[\d.:-]+$/.test(value)) return true;
  // Paths: kv/data/connectors/x/main, acme-data/dev/x/main, ./secrets.json
  if (/^(?:\.{0,2}\/)?[a-z0-9_.*+{}@-]+(?:\/[a-z0-9_.*+{}@-]*)+$/.test(value)) return true;
  // Code: identifiers and member expressions (`password = readPassword()`, `token: z.string()`).
  if (!quoted && (next === "(" || (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(value) && !/\d/.test(value)))) return true;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value) && !/\d/.test(value)) return true;
  if (/^(?:[a-z0-9]+[-_])+[a-z0-9]+$/.test(value)) return true; // kebab-case or snake_case words: scram-sha-256
  if (!/\d/.test(value) && value.length < 16) return true; // short and no digit: a word, not a generated value
  if (hasAscendingRun(value, 5)) return true; // an alphabet (ABCDE..., 01234...), not a random value
  return false;
}

function hasAscendingRun(value: string, length: number): boolean {
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    run = value.charCodeAt(i) === value.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    if (run >= length) return true;
  }
  return false;
}

/**
 * Generic assignments of secret-named keys (`password=`, `client_secret:`, `"apiKey": ...`,
 * `DB_PASSWORD=`) whose value looks random: at least 10 characters, 3 bits of entropy per
 * character, two character classes. References, paths, ARNs, UUIDs, versions and code are left alone.
 */
export const secretAssignmentRule: ScanRule = {
  id: ID,
  description: "password/secret/token/api key assignments with high-entropy values",
  find(text: string): RawMatch[] {
    const pattern = new RegExp(
      String.raw`(?<![A-Za-z0-9:/])(["'{]?)([A-Za-z0-9_.-]*${SECRET_NAME}[A-Za-z0-9_.-]*)(\\?["']?)\s*(:=|=>|:|=)(\s*)(\\?["'\x60]?)([^\s"'\x60\\,;{}()\[\]<>]+)(.?)`,
      "gi",
    );
    const found: RawMatch[] = [];
    for (const { match } of spans(text, pattern)) {
      const [, before, name, close, connector, space, quote, value, next] = match;
      if (METADATA_SUFFIX.test(name)) continue;
      // A name mapped to itself (cdktf's `"//": { "outputs": { "<name>": "<name>" } }`) names, never holds, a value.
      if (value === name) continue;
      // `${NAME:-default}` is a shell default; `secretsmanager:GetSecretValue` an IAM action, not `key: value`.
      if (before === "{") continue;
      if (connector === ":" && close === "" && space === "") continue;
      if (value.length < MIN_LENGTH || shannonEntropy(value) < MIN_ENTROPY || characterClasses(value) < 2) continue;
      if (looksLikeNonSecret(value, quote !== "", next)) continue;
      const start = match.indices![7][0];
      found.push(rawMatch(ID, "SecretAssignment", start, start + value.length));
    }
    return found;
  },
};

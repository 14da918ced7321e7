/*
 * Names of the Terraform outputs the library declares (issue 12, item 4). Pure: no cdktf.
 *
 * A name is `<kind>[__<id>[__<id>]]`, optionally after `<prefix>__`. Spec ids are lowercase slugs
 * (`[a-z][a-z0-9-]*`) that never hold `_`, every kind holds a single `_` (and never `__`), and a prefix holds no `__`
 * and does not end in `_`: splitting a name on `__` gives back the prefix, the kind and the ids, so
 * no two tuples (however their ids overlap: `a-b`/`c` and `a`/`b-c`) give one name. Names depend
 * only on the ids they name, never on the order or content of the rest of the inventory.
 */

/** What an output names. */
export type OutputKind =
  | "kv_path"
  | "secret_arn"
  | "secret_name"
  | "vault_auth_mount"
  | "vault_auth_role"
  | "consumer_role_arn"
  | "consumer_role_name"
  | "vault_namespace"
  | "oidc_provider_arn"
  | "audit_trail_arn"
  | "audit_log_group_name"
  | "secrets_paging_topic_arn"
  | "secrets_alarm_topic_arn"
  /** What one consumer's job wires to (lib/wire: auth mount and role, paths, secret names; JSON). */
  | "consumer_wiring";

/** How many ids each kind takes, in order. */
export const OUTPUT_KIND_IDS: Readonly<Record<OutputKind, readonly string[]>> = {
  kv_path: ["connector", "credential"],
  secret_arn: ["connector", "credential"],
  secret_name: ["connector", "credential"],
  vault_auth_mount: ["consumer"],
  vault_auth_role: ["consumer"],
  consumer_role_arn: ["consumer"],
  consumer_role_name: ["consumer"],
  vault_namespace: ["environment"],
  oidc_provider_arn: ["provider"],
  audit_trail_arn: [],
  audit_log_group_name: [],
  secrets_paging_topic_arn: ["environment"],
  secrets_alarm_topic_arn: ["environment"],
  consumer_wiring: ["consumer"],
};

const ID = /^[a-z][a-z0-9-]*$/;
/** A prefix: a Terraform identifier without `__` that does not end in `_`. */
export const OUTPUT_PREFIX_PATTERN = /^[A-Za-z](?:[A-Za-z0-9-]|_(?!_))*(?<!_)$/;

/** Why a prefix cannot start output names, or undefined when it can. */
export function outputPrefixProblem(prefix: string): string | undefined {
  if (OUTPUT_PREFIX_PATTERN.test(prefix)) return undefined;
  return "an output prefix must start with a letter, hold only letters, digits, '-' and single '_', and not end in '_'";
}

/** The output name of a kind and its ids (`secret_arn__stripe__api-key`). Throws on an id that is not a slug. */
export function outputName(kind: OutputKind, ids: readonly string[], prefix?: string): string {
  const expected = OUTPUT_KIND_IDS[kind];
  if (ids.length !== expected.length) throw new Error(`output ${kind} takes ${expected.join(", ")}; got ${ids.length} ids`);
  for (const id of ids) {
    if (!ID.test(id)) throw new Error(`output ${kind}: an id must be a lowercase slug (a letter, then letters, digits or '-')`);
  }
  if (prefix !== undefined) {
    const problem = outputPrefixProblem(prefix);
    if (problem) throw new Error(problem);
  }
  return [...(prefix === undefined ? [] : [prefix]), kind, ...ids].join("__");
}

/**
 * Text that is not a slug (an OIDC provider's host and path) as an output id, injectively: letters
 * and digits stay, `-` becomes `--`, `.` `-d`, `/` `-s`, anything else `-x<hex code>-`; every escape
 * starts with `-` and a character no other escape starts with, and the id starts with `h-`.
 */
export function textOutputId(text: string): string {
  let out = "h-";
  for (const ch of text) {
    if (/[a-z0-9]/.test(ch)) out += ch;
    else if (ch === "-") out += "--";
    else if (ch === ".") out += "-d";
    else if (ch === "/") out += "-s";
    else out += `-x${ch.codePointAt(0)!.toString(16)}-`;
  }
  return out;
}

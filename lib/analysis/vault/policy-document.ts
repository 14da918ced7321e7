/**
 * Vault policy documents: HCL (or JSON) text → the path rules an evaluator needs.
 *
 * Only `capabilities` decides access here. Parameter constraints, wrapping TTLs, MFA methods and
 * Enterprise `control_group` blocks are read and ignored (they can only narrow a grant further).
 * Anything Vault itself would reject, or that this reader cannot represent faithfully (the legacy
 * `policy = "write"` shorthand), is an error that names the line and the path.
 */
import { isPolicyCapability, POLICY_CAPABILITIES, type PolicyCapability } from "./capabilities";
import { HclSyntaxError, isHclObject, readHcl, type HclEntry, type HclObject, type HclValue } from "./hcl-reader";

export interface PolicyPathRule {
  /** The pattern as written: exact path, `*` as last character for a prefix glob, `+` for one segment. */
  readonly path: string;
  readonly capabilities: readonly PolicyCapability[];
}

export interface ParsedPolicy {
  readonly name: string;
  readonly rules: readonly PolicyPathRule[];
}

export class VaultPolicyParseError extends Error {
  constructor(
    readonly policyName: string | undefined,
    readonly line: number | undefined,
    detail: string,
    readonly column?: number,
  ) {
    const position = line === undefined ? undefined : column === undefined ? `line ${line}` : `line ${line}, column ${column}`;
    const where = [policyName === undefined ? undefined : `policy "${policyName}"`, position]
      .filter((part) => part !== undefined)
      .join(", ");
    super(where ? `${where}: ${detail}` : detail);
    this.name = "VaultPolicyParseError";
  }
}

/** Path-block keys Vault accepts that do not change which capabilities a path grants. */
const IGNORED_PATH_KEYS = new Set([
  "comment",
  "allowed_parameters",
  "denied_parameters",
  "required_parameters",
  "min_wrapping_ttl",
  "max_wrapping_ttl",
  "mfa_methods",
  "control_group",
  "subscribe_event_types",
]);

/** Parses policy text into its path rules, in document order. */
export function parseVaultPolicyRules(text: string, policyName?: string): PolicyPathRule[] {
  let document: HclObject;
  try {
    document = readHcl(text);
  } catch (error) {
    if (error instanceof HclSyntaxError) throw new VaultPolicyParseError(policyName, error.line, error.detail, error.column);
    throw error;
  }
  const rules: PolicyPathRule[] = [];
  for (const entry of document.entries) {
    const [key, label, ...extra] = entry.keys;
    if (key === "name") continue;
    if (key !== "path") {
      throw new VaultPolicyParseError(policyName, entry.line, `unexpected top-level key "${entry.keys.join(" ")}" (a policy holds only "path" blocks)`);
    }
    if (extra.length > 0) throw new VaultPolicyParseError(policyName, entry.line, `path block has more than one label: ${JSON.stringify(entry.keys.slice(1))}`);
    if (label !== undefined) {
      rules.push(pathRule(label, entry, policyName));
      continue;
    }
    // JSON and HCL 1 object form: path = { "kv/x" = { ... } } or {"path": {"kv/x": {...}}}
    if (!isHclObject(entry.value)) throw new VaultPolicyParseError(policyName, entry.line, `"path" must be a block with a quoted path label`);
    for (const inner of entry.value.entries) {
      if (inner.keys.length !== 1) throw new VaultPolicyParseError(policyName, inner.line, `expected a path key, got ${JSON.stringify(inner.keys)}`);
      rules.push(pathRule(inner.keys[0], inner, policyName));
    }
  }
  return rules;
}

export function parseVaultPolicy(name: string, text: string): ParsedPolicy {
  return { name, rules: parseVaultPolicyRules(text, name) };
}

function pathRule(path: string, entry: HclEntry, policyName: string | undefined): PolicyPathRule {
  const fail = (line: number, detail: string): never => {
    throw new VaultPolicyParseError(policyName, line, `path "${path}": ${detail}`);
  };
  if (!isHclObject(entry.value)) return fail(entry.line, "expected a block { ... }");
  let capabilities: PolicyCapability[] = [];
  for (const attribute of entry.value.entries) {
    const key = attribute.keys.join(" ");
    if (key === "capabilities") {
      capabilities = capabilityList(attribute.value, (detail) => fail(attribute.line, detail));
    } else if (key === "policy") {
      fail(attribute.line, `the legacy "policy" shorthand is not supported; list "capabilities" instead`);
    } else if (!IGNORED_PATH_KEYS.has(attribute.keys[0])) {
      fail(attribute.line, `unexpected key "${key}"`);
    }
  }
  // Vault strips leading slashes from policy paths.
  return { path: path.replace(/^\/+/, ""), capabilities };
}

function capabilityList(value: HclValue, fail: (detail: string) => never): PolicyCapability[] {
  if (!Array.isArray(value)) return fail(`"capabilities" must be a list of strings, got ${JSON.stringify(value)}`);
  return value.map((item) => {
    if (typeof item !== "string") return fail(`capability ${JSON.stringify(item)} is not a string`);
    // Vault compares capability names exactly; "Read" is an error there too.
    if (!isPolicyCapability(item)) return fail(`capability "${item}" is not one of ${POLICY_CAPABILITIES.join(", ")}`);
    return item;
  });
}

/**
 * Vault policy documents: HCL (or JSON) text → the path rules an evaluator needs.
 *
 * `capabilities` decide which operations a path allows; response-wrapping bounds
 * (`min_wrapping_ttl`, `max_wrapping_ttl`) and parameter constraints (`allowed_parameters`,
 * `denied_parameters`, `required_parameters`) are read too, and the evaluator applies them the way
 * Vault does (policy-evaluator.ts). MFA methods, Enterprise `control_group` blocks and event
 * subscriptions are read and ignored (they can only narrow a grant further).
 * Anything Vault itself would reject, or that this reader cannot represent faithfully (the legacy
 * `policy = "write"` shorthand), is an error that names the line and the path.
 */
import { isPolicyCapability, POLICY_CAPABILITIES, type PolicyCapability } from "./capabilities";
import { HclSyntaxError, isHclObject, readHcl, type HclEntry, type HclObject, type HclValue } from "./hcl-reader";

export interface PolicyPathRule {
  /** The pattern as written: exact path, `*` as last character for a prefix glob, `+` for one segment. */
  readonly path: string;
  readonly capabilities: readonly PolicyCapability[];
  /** `min_wrapping_ttl` in seconds: a request must ask for response wrapping at least this long. */
  readonly minWrappingTtlSeconds?: number;
  /** `max_wrapping_ttl` in seconds: a request must ask for response wrapping at most this long. */
  readonly maxWrappingTtlSeconds?: number;
  /** `allowed_parameters`, names lower-cased: name -> allowed values (empty: any); `*` allows any name. */
  readonly allowedParameters?: Readonly<Record<string, readonly ParameterValue[]>>;
  /** `denied_parameters`, names lower-cased: name -> refused values (empty: any); `*` refuses every parameter. */
  readonly deniedParameters?: Readonly<Record<string, readonly ParameterValue[]>>;
  /** `required_parameters`: names a request must carry. */
  readonly requiredParameters?: readonly string[];
}

/** A value in a parameter list (strings may hold `*` globs at either end, as Vault matches them). */
export type ParameterValue = string | number | boolean | null;

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

/** Path-block keys Vault accepts that only narrow a grant in ways the evaluator does not model. */
const IGNORED_PATH_KEYS = new Set(["comment", "mfa_methods", "control_group", "subscribe_event_types"]);

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
      throw new VaultPolicyParseError(
        policyName,
        entry.line,
        `unexpected top-level key "${entry.keys.join(" ")}" (a policy holds only "path" blocks)`,
      );
    }
    if (extra.length > 0)
      throw new VaultPolicyParseError(policyName, entry.line, `path block has more than one label: ${JSON.stringify(entry.keys.slice(1))}`);
    if (label !== undefined) {
      rules.push(pathRule(label, entry, policyName));
      continue;
    }
    // JSON and HCL 1 object form: path = { "kv/x" = { ... } } or {"path": {"kv/x": {...}}}
    if (!isHclObject(entry.value))
      throw new VaultPolicyParseError(policyName, entry.line, `"path" must be a block with a quoted path label`);
    for (const inner of entry.value.entries) {
      if (inner.keys.length !== 1)
        throw new VaultPolicyParseError(policyName, inner.line, `expected a path key, got ${JSON.stringify(inner.keys)}`);
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
  const constraints: Mutable<Omit<PolicyPathRule, "path" | "capabilities">> = {};
  for (const attribute of entry.value.entries) {
    const key = attribute.keys.join(" ");
    const failHere = (detail: string) => fail(attribute.line, detail);
    if (key === "capabilities") {
      capabilities = capabilityList(attribute.value, failHere);
    } else if (key === "min_wrapping_ttl" || key === "max_wrapping_ttl") {
      const seconds = durationSeconds(attribute.value, (detail) => failHere(`${key}: ${detail}`));
      if (key === "min_wrapping_ttl") constraints.minWrappingTtlSeconds = seconds;
      else constraints.maxWrappingTtlSeconds = seconds;
    } else if (key === "allowed_parameters" || key === "denied_parameters") {
      const parameters = parameterMap(attribute.value, (detail) => failHere(`${key}: ${detail}`));
      if (key === "allowed_parameters") constraints.allowedParameters = parameters;
      else constraints.deniedParameters = parameters;
    } else if (key === "required_parameters") {
      if (!Array.isArray(attribute.value) || !attribute.value.every((v) => typeof v === "string"))
        failHere(`"required_parameters" must be a list of strings`);
      constraints.requiredParameters = [...(attribute.value as string[])];
    } else if (key === "policy") {
      fail(attribute.line, `the legacy "policy" shorthand is not supported; list "capabilities" instead`);
    } else if (!IGNORED_PATH_KEYS.has(attribute.keys[0])) {
      fail(attribute.line, `unexpected key "${key}"`);
    }
  }
  // Vault refuses a path whose own bounds cannot both hold.
  const { minWrappingTtlSeconds: min, maxWrappingTtlSeconds: max } = constraints;
  if (min && max && max < min) fail(entry.line, "max_wrapping_ttl cannot be less than min_wrapping_ttl");
  // Zero bounds are no bounds (Vault keeps only positive ones); empty maps constrain nothing.
  if (!min) delete constraints.minWrappingTtlSeconds;
  if (!max) delete constraints.maxWrappingTtlSeconds;
  if (constraints.allowedParameters && Object.keys(constraints.allowedParameters).length === 0) delete constraints.allowedParameters;
  if (constraints.deniedParameters && Object.keys(constraints.deniedParameters).length === 0) delete constraints.deniedParameters;
  if (constraints.requiredParameters && constraints.requiredParameters.length === 0) delete constraints.requiredParameters;
  // Vault strips leading slashes from policy paths.
  return { path: path.replace(/^\/+/, ""), capabilities, ...constraints };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, "\u00b5s": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/**
 * A duration as Vault reads one in a policy (parseutil.ParseDurationSecond): a number or a string
 * of digits is seconds; `<n>d` is days; otherwise a Go duration (`90s`, `5m`, `1h30m`, `1.5h`).
 */
export function durationSeconds(value: HclValue, fail: (detail: string) => never): number {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) fail(`${value} is not a duration`);
    return Math.trunc(value);
  }
  if (typeof value !== "string") return fail(`expected a duration such as "300s" or 300, got ${JSON.stringify(value)}`);
  const text = value.trim();
  if (text === "") return 0;
  if (/^\d+$/.test(text)) return Number(text);
  const days = /^(\d+)d$/.exec(text);
  if (days) return Number(days[1]) * 86400;
  if (!/^([0-9]*(\.[0-9]*)?(ns|us|\u00b5s|ms|s|m|h))+$/.test(text))
    return fail(`${JSON.stringify(value)} is not a duration (use 300, "300s", "5m" or "1h")`);
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/([0-9]*(?:\.[0-9]*)?)(ns|us|\u00b5s|ms|s|m|h)/g)) {
    if (amount === "" || amount === ".") return fail(`${JSON.stringify(value)} is not a duration`);
    seconds += Number(amount) * DURATION_UNITS[unit];
  }
  return seconds;
}

/** `allowed_parameters = { "name" = [values] }` (or block form): names lower-cased, as Vault keeps them. */
function parameterMap(value: HclValue, fail: (detail: string) => never): Record<string, ParameterValue[]> {
  if (!isHclObject(value)) return fail("expected a map of parameter names to lists of values");
  const out: Record<string, ParameterValue[]> = {};
  for (const entry of value.entries) {
    if (entry.keys.length !== 1) fail(`expected one parameter name, got ${JSON.stringify(entry.keys)}`);
    const values = entry.value;
    if (!Array.isArray(values)) return fail(`parameter ${JSON.stringify(entry.keys[0])} must list its values (use [] for any value)`);
    const list: ParameterValue[] = [];
    for (const item of values as readonly HclValue[]) {
      if (item !== null && typeof item === "object")
        return fail(`parameter ${JSON.stringify(entry.keys[0])}: values must be strings, numbers or booleans`);
      list.push(item);
    }
    const name = entry.keys[0].toLowerCase();
    out[name] = [...(out[name] ?? []), ...list];
  }
  return out;
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

/**
 * Decides whether a Vault token holding some policies may use one capability on one path,
 * following Vault's documented rules (see shared/design/VAULT-POLICY.md):
 *
 * 1. Rules with the identical pattern, from any of the token's policies, merge: their capabilities
 *    are united, and a `deny` in any of them leaves only `deny`.
 * 2. An exact pattern for the path wins outright; for `list`, the path without its trailing slash
 *    is also tried as an exact pattern.
 * 3. Otherwise the highest-priority matching wildcard pattern decides alone (rules a–e), so a deny
 *    on a broader pattern never overrides a more specific grant.
 * 4. Nothing matches: denied by default.
 * 5. When the deciding pattern grants the capability, its response-wrapping bounds and parameter
 *    constraints (merged across policies as Vault merges them: the lower of two minimums and of
 *    two maximums; allowed and denied values united, an empty list winning) judge the request:
 *    outside the wrapping bounds, or unwrapped where a bound exists, is denied; then, for read,
 *    create, update and patch, a required parameter missing, a denied parameter value, or a
 *    parameter (value) not allowed is denied. Without a request shape the most permissive request
 *    a caller could send is judged (wrapped within the bounds, no parameters beyond the required
 *    ones): "can this principal reach it at all".
 *
 * Pure and deterministic: the same policies, path and capability always give the same result.
 */
import type { Capability, PolicyCapability } from "../../vault-hcl/capabilities";
import { comparePriority, compilePathPattern, patternMatches, type PathPattern, type PriorityRule } from "./path-pattern";
import type { ParameterValue, ParsedPolicy, PolicyPathRule } from "../../vault-hcl/policy-document";
import { byText } from "../../shared/text-order";

/** What a request carries beyond its path and operation (what wrapping and parameter constraints judge). */
export interface VaultRequestShape {
  /** `X-Vault-Wrap-TTL` in seconds; absent: the response is not wrapped. */
  readonly wrapTtlSeconds?: number;
  /** Request body parameters. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** The constraints of the deciding pattern, merged across policies. */
export interface VaultRuleConstraints {
  readonly minWrappingTtlSeconds?: number;
  readonly maxWrappingTtlSeconds?: number;
  readonly allowedParameters?: Readonly<Record<string, readonly ParameterValue[]>>;
  readonly deniedParameters?: Readonly<Record<string, readonly ParameterValue[]>>;
  readonly requiredParameters?: readonly string[];
}

export interface VaultDecision {
  readonly allowed: boolean;
  /** The pattern that decided, as written in the policies. Absent when nothing matched. */
  readonly matchedPattern?: string;
  /** The policy that granted (or denied) the capability on that pattern. */
  readonly policy?: string;
  /** Every policy that holds the deciding pattern, sorted by name. */
  readonly policies?: readonly string[];
  /** The merged capabilities of the deciding pattern. */
  readonly capabilities?: readonly PolicyCapability[];
  /** Wrapping and parameter constraints of the deciding pattern, when it has any. */
  readonly constraints?: VaultRuleConstraints;
  readonly reason: string;
}

interface MergedRule {
  readonly pattern: PathPattern;
  readonly capabilities: Set<PolicyCapability>;
  /** Policy name → the capabilities that policy lists for this pattern. */
  readonly sources: Map<string, readonly PolicyCapability[]>;
  constraints: VaultRuleConstraints;
}

/**
 * `request`: the request's wrapping and parameters; omitted, the most permissive request a caller
 * could send (so a grant reachable only through wrapping is still reachable).
 */
export function evaluateVault(
  policies: readonly ParsedPolicy[],
  path: string,
  capability: Capability,
  request?: VaultRequestShape,
): VaultDecision {
  const requestPath = normalizeRequestPath(path, capability);
  const rules = mergeRules(policies);

  const exact = rules.get(requestPath);
  if (exact && exact.pattern.kind === "exact") {
    return decide(exact, capability, `exact match "${exact.pattern.pattern}"`, request);
  }
  if (capability === "list" && requestPath.endsWith("/")) {
    const withoutSlash = rules.get(requestPath.slice(0, -1));
    if (withoutSlash && withoutSlash.pattern.kind === "exact") {
      return decide(
        withoutSlash,
        capability,
        `exact match "${withoutSlash.pattern.pattern}" (list also tries the path without its trailing slash)`,
        request,
      );
    }
  }

  const candidates = [...rules.values()].filter((rule) => rule.pattern.kind !== "exact" && patternMatches(rule.pattern, requestPath));
  if (candidates.length === 0) {
    return { allowed: false, reason: `no policy pattern matches "${requestPath}"; Vault denies by default` };
  }
  let winner = candidates[0];
  for (const candidate of candidates.slice(1)) {
    if (comparePriority(candidate.pattern, winner.pattern).order > 0) winner = candidate;
  }
  return decide(winner, capability, describeWin(winner, candidates), request);
}

export interface VaultNamespacedRequest {
  /** The namespace the token lives in; "" (or "root") for the root namespace. */
  readonly tokenNamespace: string;
  /** The namespace the request is sent to (the X-Vault-Namespace header plus any path prefix). */
  readonly requestNamespace: string;
  /** The API path inside the request namespace, e.g. "kv/data/app". */
  readonly path: string;
}

/**
 * Evaluates a request in a namespace. A token's policies address paths relative to the token's
 * namespace, so a parent-namespace policy reaches a child by prefixing the child's path
 * (`dev/kv/data/x` from the namespace above `dev`). A token never reaches a sibling or a parent
 * namespace (the default `within_namespace_hierarchy` group policy mode).
 */
export function evaluateVaultInNamespace(
  policies: readonly ParsedPolicy[],
  request: VaultNamespacedRequest,
  capability: Capability,
  shape?: VaultRequestShape,
): VaultDecision {
  const tokenNamespace = normalizeNamespace(request.tokenNamespace);
  const fullPath = joinPath(normalizeNamespace(request.requestNamespace), normalizeRequestPath(request.path, capability));
  const namespacePrefix = tokenNamespace === "" ? "" : `${tokenNamespace}/`;
  if (!fullPath.startsWith(namespacePrefix)) {
    return {
      allowed: false,
      reason: `"${fullPath}" is outside the token's namespace "${tokenNamespace || "root"}"; policies only reach their own namespace and its children`,
    };
  }
  return evaluateVault(policies, fullPath.slice(namespacePrefix.length), capability, shape);
}

function decide(rule: MergedRule, capability: Capability, how: string, request: VaultRequestShape | undefined): VaultDecision {
  const policies = [...rule.sources.keys()].sort();
  const capabilities = [...rule.capabilities].sort();
  const constrained = Object.keys(rule.constraints).length > 0;
  const base = { matchedPattern: rule.pattern.pattern, policies, capabilities, ...(constrained ? { constraints: rule.constraints } : {}) };
  if (rule.capabilities.has("deny")) {
    const denying = policies.find((name) => rule.sources.get(name)?.includes("deny"));
    return {
      ...base,
      allowed: false,
      policy: denying,
      reason: `${how}; "deny" on that pattern (policy "${denying}") takes every capability away`,
    };
  }
  if (rule.capabilities.has(capability)) {
    const granting = policies.find((name) => rule.sources.get(name)?.includes(capability));
    const refused = constrained ? constraintRefusal(rule.constraints, capability, request) : undefined;
    if (refused)
      return { ...base, allowed: false, policy: granting, reason: `${how}; policy "${granting}" grants "${capability}", but ${refused}` };
    return {
      ...base,
      allowed: true,
      policy: granting,
      reason: `${how}; policy "${granting}" grants "${capability}"${constrained ? " within its constraints" : ""}`,
    };
  }
  return {
    ...base,
    allowed: false,
    reason: `${how}; that pattern grants [${capabilities.join(", ")}], not "${capability}", and it alone decides`,
  };
}

function describeWin(winner: MergedRule, candidates: readonly MergedRule[]): string {
  const beaten = candidates
    .filter((candidate) => candidate !== winner)
    .map((candidate) => ({ pattern: candidate.pattern.pattern, rule: comparePriority(winner.pattern, candidate.pattern).rule }))
    .sort((a, b) => byText(a.pattern, b.pattern));
  if (beaten.length === 0) return `only matching pattern "${winner.pattern.pattern}"`;
  const over = beaten.map((loser) => `"${loser.pattern}" (rule ${loser.rule as PriorityRule})`).join(", ");
  return `highest-priority pattern "${winner.pattern.pattern}" over ${over}`;
}

/** The merged rules of one list of policies (a principal's), built once: evaluations never change them. */
const mergedByPolicies = new WeakMap<readonly ParsedPolicy[], ReadonlyMap<string, MergedRule>>();

function mergeRules(policies: readonly ParsedPolicy[]): ReadonlyMap<string, MergedRule> {
  let merged = mergedByPolicies.get(policies);
  if (!merged) {
    merged = mergeRulesOnce(policies);
    mergedByPolicies.set(policies, merged);
  }
  return merged;
}

function mergeRulesOnce(policies: readonly ParsedPolicy[]): Map<string, MergedRule> {
  const rules = new Map<string, MergedRule>();
  for (const policy of policies) {
    for (const rule of policy.rules) {
      let merged = rules.get(rule.path);
      if (!merged) {
        merged = { pattern: compilePathPattern(rule.path), capabilities: new Set(), sources: new Map(), constraints: constraintsOf(rule) };
        rules.set(rule.path, merged);
      } else if (!merged.capabilities.has("deny")) {
        // Vault: a deny already there keeps only deny; a new deny drops the parameters; else merge.
        merged.constraints = rule.capabilities.includes("deny")
          ? withoutParameters(merged.constraints)
          : mergeConstraints(merged.constraints, rule);
      }
      for (const capability of rule.capabilities) merged.capabilities.add(capability);
      merged.sources.set(policy.name, [...(merged.sources.get(policy.name) ?? []), ...rule.capabilities]);
    }
  }
  return rules;
}

/**
 * Vault strips leading slashes, and its HTTP layer appends "/" to every LIST path
 * (listing always operates on a prefix).
 */
export function normalizeRequestPath(path: string, capability: Capability): string {
  const trimmed = path.replace(/^\/+/, "");
  if (capability === "list" && !trimmed.endsWith("/")) return `${trimmed}/`;
  return trimmed;
}

/** "" for the root namespace, however it is written; no leading or trailing slash. */
export function normalizeNamespace(namespace: string): string {
  const trimmed = namespace.replace(/^\/+|\/+$/g, "");
  return trimmed === "root" ? "" : trimmed;
}

export function joinPath(namespace: string, path: string): string {
  return namespace === "" ? path : `${namespace}/${path}`;
}

function constraintsOf(rule: PolicyPathRule): VaultRuleConstraints {
  const out: { -readonly [K in keyof VaultRuleConstraints]: VaultRuleConstraints[K] } = {};
  if (rule.minWrappingTtlSeconds) out.minWrappingTtlSeconds = rule.minWrappingTtlSeconds;
  if (rule.maxWrappingTtlSeconds) out.maxWrappingTtlSeconds = rule.maxWrappingTtlSeconds;
  if (rule.allowedParameters) out.allowedParameters = rule.allowedParameters;
  if (rule.deniedParameters) out.deniedParameters = rule.deniedParameters;
  if (rule.requiredParameters) out.requiredParameters = rule.requiredParameters;
  return out;
}

function withoutParameters(constraints: VaultRuleConstraints): VaultRuleConstraints {
  const { allowedParameters: _allowed, deniedParameters: _denied, ...rest } = constraints;
  return rest;
}

/** Vault's merge of one more rule on an identical pattern (vault/acl.go, NewACL). */
function mergeConstraints(existing: VaultRuleConstraints, rule: PolicyPathRule): VaultRuleConstraints {
  const out: { -readonly [K in keyof VaultRuleConstraints]: VaultRuleConstraints[K] } = { ...existing };
  // The lower of two set maximums, the lower of two set minimums (zero: not set).
  if (rule.maxWrappingTtlSeconds && (!out.maxWrappingTtlSeconds || rule.maxWrappingTtlSeconds < out.maxWrappingTtlSeconds))
    out.maxWrappingTtlSeconds = rule.maxWrappingTtlSeconds;
  if (rule.minWrappingTtlSeconds && (!out.minWrappingTtlSeconds || rule.minWrappingTtlSeconds < out.minWrappingTtlSeconds))
    out.minWrappingTtlSeconds = rule.minWrappingTtlSeconds;
  const mergeMap = (previous: VaultRuleConstraints["allowedParameters"], next: VaultRuleConstraints["allowedParameters"]) => {
    if (!next || Object.keys(next).length === 0) return previous;
    if (!previous) return { ...next };
    const merged: Record<string, readonly ParameterValue[]> = { ...previous };
    for (const [key, values] of Object.entries(next)) {
      const had = merged[key];
      // An empty list (any value) wins over any list.
      merged[key] = values.length === 0 || (had !== undefined && had.length === 0) ? [] : [...values, ...(had ?? [])];
    }
    return merged;
  };
  const allowed = mergeMap(out.allowedParameters, rule.allowedParameters);
  if (allowed) out.allowedParameters = allowed;
  const denied = mergeMap(out.deniedParameters, rule.deniedParameters);
  if (denied) out.deniedParameters = denied;
  if (rule.requiredParameters && rule.requiredParameters.length > 0)
    out.requiredParameters = [...new Set([...(out.requiredParameters ?? []), ...rule.requiredParameters])];
  return out;
}

/** Why the deciding pattern's constraints refuse the request (vault/acl.go, AllowOperation), or undefined. */
function constraintRefusal(
  constraints: VaultRuleConstraints,
  capability: Capability,
  request: VaultRequestShape | undefined,
): string | undefined {
  if (request === undefined) {
    // The most permissive request: wrapped within the bounds, carrying only the required parameters.
    const { minWrappingTtlSeconds: min, maxWrappingTtlSeconds: max } = constraints;
    if (min && max && max < min) return `its merged wrapping bounds cannot hold (min_wrapping_ttl ${min}s > max_wrapping_ttl ${max}s)`;
    const wrapTtlSeconds = min || max || undefined;
    const required = constraints.requiredParameters ?? [];
    if (required.length === 0) return constraintRefusal(constraints, capability, { wrapTtlSeconds });
    const data: Record<string, unknown> = {};
    for (const name of required) {
      const values = constraints.allowedParameters?.[name.toLowerCase()] ?? [];
      data[name.toLowerCase()] = values.find((v) => typeof v !== "string" || !v.includes("*")) ?? "any";
    }
    return constraintRefusal(constraints, capability, { wrapTtlSeconds, data });
  }
  const ttl = request.wrapTtlSeconds;
  const { minWrappingTtlSeconds: min, maxWrappingTtlSeconds: max } = constraints;
  if (max) {
    if (ttl === undefined) return `the response must be wrapped (max_wrapping_ttl ${max}s) and the request asks for no wrapping`;
    if (ttl > max) return `the wrapping TTL asked for (${ttl}s) is above max_wrapping_ttl (${max}s)`;
  }
  if (min) {
    if (ttl === undefined) return `the response must be wrapped (min_wrapping_ttl ${min}s) and the request asks for no wrapping`;
    if (ttl < min) return `the wrapping TTL asked for (${ttl}s) is below min_wrapping_ttl (${min}s)`;
  }
  if (min && max && max < min) return `its merged wrapping bounds cannot hold (min_wrapping_ttl ${min}s > max_wrapping_ttl ${max}s)`;
  if (!["read", "create", "update", "patch"].includes(capability)) return undefined;
  const data = request.data ?? {};
  for (const name of constraints.requiredParameters ?? []) {
    if (!(name.toLowerCase() in data)) return `the required parameter "${name}" is missing`;
  }
  const names = Object.keys(data);
  if (names.length === 0) return undefined;
  const denied = constraints.deniedParameters;
  if (denied && Object.keys(denied).length > 0) {
    if ("*" in denied) return 'every parameter is denied (denied_parameters "*")';
    for (const name of names) {
      const values = denied[name.toLowerCase()];
      if (values && valueInParameterList(data[name], values)) return `the parameter "${name}" is denied`;
    }
  }
  const allowed = constraints.allowedParameters;
  if (!allowed || Object.keys(allowed).length === 0) return undefined;
  const allowedAll = "*" in allowed;
  if (allowedAll && Object.keys(allowed).length === 1) return undefined;
  for (const name of names) {
    const values = allowed[name.toLowerCase()];
    if (values === undefined && !allowedAll) return `the parameter "${name}" is not allowed`;
    if (values !== undefined && !valueInParameterList(data[name], values)) return `the value of parameter "${name}" is not allowed`;
  }
  return undefined;
}

/** Vault's valueInParameterList: an empty list holds every value; strings match with a `*` glob at either end. */
function valueInParameterList(value: unknown, list: readonly ParameterValue[]): boolean {
  if (list.length === 0) return true;
  return list.some((item) => {
    if (item === null || value === null || value === undefined) return item === (value ?? null);
    if (typeof item === "string" && typeof value === "string") return globbedStringsMatch(item, value);
    return isDeepEqual(item, value);
  });
}

/** strutil.GlobbedStringsMatch: `*x*` contains, `*x` suffix, `x*` prefix, else equal. */
function globbedStringsMatch(item: string, value: string): boolean {
  const star = "*";
  if (item.length < 2) return value === item;
  if (item.startsWith(star) && item.endsWith(star)) return value.includes(item.slice(1, -1));
  if (item.startsWith(star)) return value.endsWith(item.slice(1));
  if (item.endsWith(star)) return value.startsWith(item.slice(0, -1));
  return item === value;
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

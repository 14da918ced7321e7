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
 *
 * Pure and deterministic: the same policies, path and capability always give the same result.
 */
import type { Capability, PolicyCapability } from "./capabilities";
import { comparePriority, compilePathPattern, patternMatches, type PathPattern, type PriorityRule } from "./path-pattern";
import type { ParsedPolicy } from "./policy-document";

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
  readonly reason: string;
}

interface MergedRule {
  readonly pattern: PathPattern;
  readonly capabilities: Set<PolicyCapability>;
  /** Policy name → the capabilities that policy lists for this pattern. */
  readonly sources: Map<string, readonly PolicyCapability[]>;
}

export function evaluateVault(policies: readonly ParsedPolicy[], path: string, capability: Capability): VaultDecision {
  const requestPath = normalizeRequestPath(path, capability);
  const rules = mergeRules(policies);

  const exact = rules.get(requestPath);
  if (exact && exact.pattern.kind === "exact") {
    return decide(exact, capability, `exact match "${exact.pattern.pattern}"`);
  }
  if (capability === "list" && requestPath.endsWith("/")) {
    const withoutSlash = rules.get(requestPath.slice(0, -1));
    if (withoutSlash && withoutSlash.pattern.kind === "exact") {
      return decide(withoutSlash, capability, `exact match "${withoutSlash.pattern.pattern}" (list also tries the path without its trailing slash)`);
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
  return decide(winner, capability, describeWin(winner, candidates));
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
  return evaluateVault(policies, fullPath.slice(namespacePrefix.length), capability);
}

function decide(rule: MergedRule, capability: Capability, how: string): VaultDecision {
  const policies = [...rule.sources.keys()].sort();
  const capabilities = [...rule.capabilities].sort();
  const base = { matchedPattern: rule.pattern.pattern, policies, capabilities };
  if (rule.capabilities.has("deny")) {
    const denying = policies.find((name) => rule.sources.get(name)?.includes("deny"));
    return { ...base, allowed: false, policy: denying, reason: `${how}; "deny" on that pattern (policy "${denying}") takes every capability away` };
  }
  if (rule.capabilities.has(capability)) {
    const granting = policies.find((name) => rule.sources.get(name)?.includes(capability));
    return { ...base, allowed: true, policy: granting, reason: `${how}; policy "${granting}" grants "${capability}"` };
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
    .sort((a, b) => (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0));
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
        merged = { pattern: compilePathPattern(rule.path), capabilities: new Set(), sources: new Map() };
        rules.set(rule.path, merged);
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

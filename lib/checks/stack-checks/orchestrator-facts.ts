import type { PolicyPathRule } from "../../vault-hcl/policy-document";
import type { EnvironmentDescription } from "./vault-stack-facts";

/** The longest response wrapping a mint may ask for (restated from the house rule, not imported from the plan). */
export const MAX_MINT_WRAPPING_SECONDS = 300;
/** The one request parameter a mint may carry. */
const MINT_PARAMETERS = new Set(["metadata"]);

/**
 * A trusted orchestrator's AppRole shapes (issue 15), accepted only in a policy the environment
 * description lists under `orchestrators` and only for the AppRole roles listed with it, on the
 * environment's own auth mounts: `read` on the role's `role-id`; `update` on its `secret-id` with
 * response wrapping enforced and bounded (min_wrapping_ttl >= 1s, max_wrapping_ttl <= 5m) and
 * `allowed_parameters` naming `metadata` at most. Exact one-role paths, restated independently of
 * lib/policy/vault/orchestrator-policy.ts so the check stays an oracle: anything wider (another
 * role, a pattern, an unwrapped or longer-wrapped mint, `ttl`/`num_uses`/`cidr_list` allowed, a
 * second capability) is judged like any other path, and is a finding.
 */
export function isOrchestratorMintRule(description: EnvironmentDescription | undefined, policyName: string, rule: PolicyPathRule): boolean {
  const roles = description?.orchestrators?.[policyName];
  if (!description || !roles) return false;
  const { path, capabilities } = rule;
  if (/[*+]/.test(path)) return false;
  for (const mount of description.auth_mounts) {
    const prefix = `auth/${mount}/role/`;
    if (!path.startsWith(prefix)) continue;
    const match = /^([a-z][a-z0-9-]*)\/(role-id|secret-id)$/.exec(path.slice(prefix.length));
    if (!match || !roles.includes(match[1])) return false;
    if (match[2] === "role-id") return capabilities.length === 1 && capabilities[0] === "read";
    return capabilities.length === 1 && capabilities[0] === "update" && isBoundedMint(rule);
  }
  return false;
}

function isBoundedMint(rule: PolicyPathRule): boolean {
  const min = rule.minWrappingTtlSeconds ?? 0;
  const max = rule.maxWrappingTtlSeconds ?? 0;
  if (min < 1 || max < min || max > MAX_MINT_WRAPPING_SECONDS) return false;
  const allowed = rule.allowedParameters;
  // No allowed_parameters: every parameter (ttl, num_uses, cidr_list) would pass.
  if (!allowed) return false;
  return Object.keys(allowed).every((name) => MINT_PARAMETERS.has(name));
}

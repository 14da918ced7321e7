import type { EnvironmentDescription } from "./vault-stack-facts";

/**
 * The drill identity's AppRole shapes (`etl-secrets runbook --drill`), accepted in the `<env>-drill`
 * policy of a non-production environment only, on the environment's own auth mounts: reading one
 * consumer's role id and minting it a secret id, so the drill logs in as the consumer does. Exact
 * one-role paths (no pattern), restated independently of lib/policy/vault/drill-policy.ts so the
 * check stays an oracle. Anything else in the drill policy is judged like any other policy.
 */
export function isDrillAppRoleRule(
  description: EnvironmentDescription | undefined,
  policyName: string,
  rule: { readonly path: string; readonly capabilities: readonly string[] },
): boolean {
  if (!description || description.production || policyName.toLowerCase() !== `${description.environment}-drill`.toLowerCase()) return false;
  const { path, capabilities } = rule;
  if (/[*+]/.test(path)) return false;
  const only = (allowed: string) => capabilities.length === 1 && capabilities[0] === allowed;
  for (const mount of description.auth_mounts) {
    const match = new RegExp(`^auth/${mount.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/role/[a-z][a-z0-9-]*/(role-id|secret-id)$`).exec(path);
    if (match) return match[1] === "role-id" ? only("read") : only("update");
  }
  return false;
}

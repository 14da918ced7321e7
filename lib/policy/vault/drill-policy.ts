import { drillableDynamicDatabases, drillableStaticRoles, drillAllowed, drillAppRoleConsumers } from "../../plan/identity/drill";
import { vaultNames, vaultPaths } from "../../plan/names";
import type { CredentialPlan, EnvironmentPlan } from "../../plan/types";
import { environmentBoundary } from "./consumer-policy";
import type { VaultCapability, VaultPolicyDocument, VaultPolicyRule } from "./policy-text";
import { byText } from "../../shared/text-order";

/*
 * The drill identity (`etl-secrets runbook --drill`), non-production only (TierClass.drillIdentity).
 * It rotates a database static role through Vault's own API (`rotate-role`, never a Terraform-managed
 * object), reads the static role's password before and after (to prove the old one is refused and
 * the new one works), and stands in for each declared AppRole consumer: it reads the consumer's
 * role id and mints it one secret id, so the drill logs in exactly as the consumer does. Exact paths
 * only (no pattern, no sudo, nothing under `sys/`). Dynamic database credentials are drilled through
 * an AppRole consumer's own session: the drill logs in as the consumer, takes a lease, revokes it
 * with that session's `auth/token/revoke-self` (every token's default policy) and takes a new one;
 * the drill's policy needs only the consumer's role id and a secret id. Revoking every live lease of
 * a role (`sys/leases/revoke-prefix`) needs `sudo` under `sys/`, which the house checks refuse in
 * generated policies (ETL-VAULT-003, ETL-VAULT-006): that stays an operator's incident step.
 */

/** AppRole role-id and secret-id paths of one consumer (namespace-relative). */
export function appRolePaths(approleMount: string, consumerId: string): { roleId: string; secretId: string; login: string } {
  const role = vaultNames.authRole(consumerId);
  return {
    roleId: `auth/${approleMount}/role/${role}/role-id`,
    secretId: `auth/${approleMount}/role/${role}/secret-id`,
    login: `auth/${approleMount}/login`,
  };
}

/** Rotate and read paths of one static role (namespace-relative). */
export function staticRolePaths(databaseMount: string, credential: CredentialPlan): { rotate: string; creds: string; role: string } {
  const role = vaultNames.staticRole(credential.connectorId, credential.name);
  return { rotate: `${databaseMount}/rotate-role/${role}`, creds: vaultPaths.databaseStaticCreds(databaseMount, role), role };
}

const rule = (path: string, ...capabilities: VaultCapability[]): VaultPolicyRule => ({ path, capabilities });

/** The drill policy's rules; empty when the tier allows no drill identity or nothing is drillable. */
export function drillPolicyRules(plan: EnvironmentPlan): VaultPolicyRule[] {
  const vault = plan.vault;
  if (!vault || !drillAllowed(plan)) return [];
  const rules = new Map<string, VaultPolicyRule>();
  const add = (r: VaultPolicyRule) => rules.set(r.path, r);
  for (const credential of drillableStaticRoles(plan)) {
    const paths = staticRolePaths(vault.mounts.database, credential);
    add(rule(paths.rotate, "update"));
    add(rule(paths.creds, "read"));
    for (const consumer of drillAppRoleConsumers(plan, credential)) {
      const approle = appRolePaths(vault.mounts.approle, consumer.id);
      add(rule(approle.roleId, "read"));
      add(rule(approle.secretId, "update"));
    }
  }
  for (const credential of drillableDynamicDatabases(plan)) {
    for (const consumer of drillAppRoleConsumers(plan, credential)) {
      const approle = appRolePaths(vault.mounts.approle, consumer.id);
      add(rule(approle.roleId, "read"));
      add(rule(approle.secretId, "update"));
    }
  }
  return [...rules.values()].sort((a, b) => byText(a.path, b.path));
}

export function drillPolicyDocument(plan: EnvironmentPlan): VaultPolicyDocument {
  return {
    name: vaultNames.drillPolicy(plan.name),
    header: [
      environmentBoundary(plan),
      "drill (etl-secrets runbook --drill), non-production only: rotate static roles, read their passwords, mint one secret id per declared AppRole consumer of a drilled credential",
    ],
    rules: drillPolicyRules(plan),
  };
}

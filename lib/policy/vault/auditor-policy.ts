import { vaultNames } from "../../plan/names";
import type { EnvironmentPlan } from "../../plan/types";
import { environmentBoundary } from "./consumer-policy";
import type { VaultCapability, VaultPolicyDocument, VaultPolicyRule } from "./policy-text";
import { byText } from "../../shared/text-order";

/*
 * The auditor (`etl-secrets audit`) looks for what the inventory does not declare, so it must see
 * names it cannot know in advance: it is the one policy with patterns, and every pattern is
 * metadata-only. `+` matches exactly one segment (VAULT-POLICY.md rule 2), so
 * `auth/<approle>/role/+` reaches a role's definition, never `role/<r>/role-id` or
 * `role/<r>/secret-id` (creating a secret id); `<db>/static-roles/+` reaches a static role's
 * definition (`last_vault_rotation`), never `static-creds/` (the password). No rule names
 * `data/`, `creds/`, `static-creds/`, `issue/`, `sign/` or a roleset key. The secure-default checks
 * accept these shapes in this policy only (`isAuditorMetadataRule`, lib/checks/stack-checks/vault-stack-facts.ts).
 */

/** What exists in the environment for the auditor to read (the construct passes what it created). */
export interface AuditorVaultScope {
  readonly kv?: string;
  readonly database?: string;
  readonly approle?: string;
  /** Every auth mount of the environment (approle included), for role listings. */
  readonly authMounts: readonly string[];
}

/** The scope of a plan, from the mounts its Vault side uses (used where no construct is at hand). */
export function auditorScopeOf(
  plan: EnvironmentPlan,
  used: { kv: boolean; database: boolean; authMounts: readonly string[] },
): AuditorVaultScope {
  const mounts = plan.vault?.mounts;
  if (!mounts) return { authMounts: [] };
  return {
    ...(used.kv && { kv: mounts.kv }),
    ...(used.database && { database: mounts.database }),
    ...(used.authMounts.includes(mounts.approle) && { approle: mounts.approle }),
    authMounts: [...used.authMounts].sort(),
  };
}

const rule = (path: string, ...capabilities: VaultCapability[]): VaultPolicyRule => ({ path, capabilities });

export function auditorPolicyRules(scope: AuditorVaultScope): VaultPolicyRule[] {
  const rules: VaultPolicyRule[] = [];
  if (scope.kv) rules.push(rule(`${scope.kv}/metadata/*`, "read", "list"));
  for (const mount of scope.authMounts) rules.push(rule(`auth/${mount}/role`, "list"));
  if (scope.approle) {
    rules.push(rule(`auth/${scope.approle}/role/+`, "read"));
    // LIST requests carry a trailing slash, and a `+` pattern matches only paths of its own length.
    rules.push(rule(`auth/${scope.approle}/role/+/secret-id/`, "list"));
    rules.push(rule(`auth/${scope.approle}/role/+/secret-id-accessor/lookup`, "update"));
  }
  if (scope.database) {
    rules.push(rule(`${scope.database}/roles`, "list"));
    rules.push(rule(`${scope.database}/static-roles`, "list"));
    rules.push(rule(`${scope.database}/static-roles/+`, "read"));
  }
  return rules.sort((a, b) => byText(a.path, b.path));
}

export function auditorPolicyDocument(plan: EnvironmentPlan, scope: AuditorVaultScope): VaultPolicyDocument {
  return {
    name: vaultNames.auditorPolicy(plan.name),
    header: [
      environmentBoundary(plan),
      "auditor (etl-secrets audit): KV metadata, role listings and definitions, static-role rotation dates; never a value",
    ],
    rules: auditorPolicyRules(scope),
  };
}

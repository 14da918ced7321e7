/*
 * The drill identity of issue 14 part 7 (`etl-secrets runbook --drill`): where it exists and what
 * it may drill (plain plan data, shared by the policy, the construct, the intent and the runbook),
 * and its identity-catalogue entries (the `<env>-drill` Vault policy and the `<env>-drillers`
 * identity group), kept here so lib/plan/identity-catalogue.ts gains one line only.
 */
import { TIER_CLASSES } from "../../inventory/class-defaults";
import { credentialSource } from "../credential-source";
import type { IdentityEntry, IdentityOrigin } from "./types";
import { awsNames, vaultClusterKey, vaultNames, vaultObjectNames } from "../names";
import type { CredentialPlan, EnvironmentPlan, InventoryPlan, ServiceAccountPlan } from "../types";
import { byText } from "../compare";

/** Whether the environment's tier allows a drill identity at all (never production). */
export function drillAllowed(env: EnvironmentPlan): boolean {
  return TIER_CLASSES[env.tier].drillIdentity && !env.production;
}

/** Credentials the Vault drill rotates: live, not quarantined database static roles. */
export function drillableStaticRoles(env: EnvironmentPlan): CredentialPlan[] {
  return env.credentials.filter(isDrillableStaticRole);
}

function isDrillableStaticRole(c: CredentialPlan): boolean {
  return c.vault !== undefined && !c.destroyed && !c.quarantined && credentialSource(c) === "database-static";
}

/** The AppRole consumers the drill stands in for after rotating `credential`, by id. */
export function drillAppRoleConsumers(env: EnvironmentPlan, credential: CredentialPlan): ServiceAccountPlan[] {
  return env.serviceAccounts
    .filter((a) => a.auth.method === "approle" && a.grants.some((g) => g.credentialId === credential.id))
    .sort((a, b) => byText(a.id, b.id));
}

/**
 * Dynamic database credentials the Vault drill revokes and reissues: live, not quarantined, with at
 * least one AppRole consumer (the drill logs in as that consumer, takes a lease, revokes it with
 * the session's own `revoke-self`, and takes a new one: no `sys/` grant, no sudo).
 */
export function drillableDynamicDatabases(env: EnvironmentPlan): CredentialPlan[] {
  return env.credentials.filter(isDrillableDynamicDatabase(env));
}

/** Credential ids some AppRole consumer of the environment is granted: indexed once per plan. */
const appRoleGrants = new WeakMap<EnvironmentPlan, ReadonlySet<string>>();

function isDrillableDynamicDatabase(env: EnvironmentPlan): (c: CredentialPlan) => boolean {
  let granted = appRoleGrants.get(env);
  if (!granted) {
    const ids = new Set<string>();
    for (const account of env.serviceAccounts)
      if (account.auth.method === "approle") for (const grant of account.grants) ids.add(grant.credentialId);
    granted = ids;
    appRoleGrants.set(env, granted);
  }
  const index = granted;
  return (c) => c.vault !== undefined && !c.destroyed && !c.quarantined && credentialSource(c) === "database-dynamic" && index.has(c.id);
}

/** Secrets Manager database passwords the drill rotates (RotateSecret): live, not quarantined, stored in a secret. */
export function drillableAwsSecrets(env: EnvironmentPlan): CredentialPlan[] {
  return env.credentials.filter(
    (c) =>
      c.store === "aws" &&
      !!c.aws?.storesSecret &&
      !c.destroyed &&
      !c.quarantined &&
      c.rotation.mode === "secrets-manager" &&
      c.credential.type === "rotated-password",
  );
}

/** Whether the environment gets the drill role `<org>-<env>.drill`. */
export function hasAwsDrillIdentity(env: EnvironmentPlan): boolean {
  return !!env.aws && drillAllowed(env) && drillableAwsSecrets(env).length > 0;
}

/** Whether the environment gets the Vault drill identity: allowed by its tier and something to drill. */
export function hasVaultDrillIdentity(env: EnvironmentPlan): boolean {
  return (
    !!env.vault &&
    drillAllowed(env) &&
    (env.credentials.some(isDrillableStaticRole) || env.credentials.some(isDrillableDynamicDatabase(env)))
  );
}

export function entriesForDrill(plan: InventoryPlan): IdentityEntry[] {
  const out: IdentityEntry[] = [];
  for (const env of plan.environments) {
    if (env.aws && hasAwsDrillIdentity(env)) {
      const role = awsNames.drillRole(env.organization, env.name);
      const iam = `aws ${env.aws.accountId} iam-role`;
      const origins: IdentityOrigin[] = [{ kind: "organization" }, { kind: "environment", environment: env.name, field: ["name"] }];
      out.push({
        what: "IAM role",
        scope: iam,
        where: `in AWS account ${env.aws.accountId}`,
        key: role.toLowerCase(),
        name: role,
        origins,
        max: { length: 64, unit: "characters" },
      });
      out.push({
        what: "IAM role policy",
        scope: `${iam}:${role.toLowerCase()} policy`,
        where: "on the same IAM role",
        key: role.toLowerCase(),
        name: role,
        origins,
        max: { length: 128, unit: "characters" },
      });
    }
    const vault = env.vault;
    if (!vault || !hasVaultDrillIdentity(env)) continue;
    const cluster = vaultClusterKey(vault.address);
    const namespace = vault.isolation === "namespace" ? (vault.namespace ?? "") : "";
    const base = `vault ${cluster} ns:${namespace}`;
    const where = `on the Vault cluster of environment ${env.name}, ${namespace ? `namespace ${namespace}` : "root namespace"}`;
    const origins: IdentityOrigin[] = [{ kind: "environment", environment: env.name, field: ["name"] }];
    const policy = vaultNames.drillPolicy(env.name);
    const group = vaultObjectNames.drillersGroup(env.name);
    out.push({ what: "Vault policy", scope: `${base} policy`, where, key: policy.toLowerCase(), name: policy, origins });
    out.push({ what: "Vault identity group", scope: `${base} identity-group`, where, key: group.toLowerCase(), name: group, origins });
  }
  return out;
}

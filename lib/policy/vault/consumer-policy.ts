/*
 * The policy of one machine service account in one environment: exact paths of exactly the
 * credentials it was declared for, nothing of another connector, environment, mount or namespace.
 * No control groups (a nightly job cannot wait for approvers), no sudo, no wildcard.
 */
import type { EnvironmentPlan, ServiceAccountPlan } from "../../plan/types";
import { vaultNames } from "../../plan/names";
import { consumerCredentialPaths, credentialsById } from "./credential-paths";
import { renderVaultPolicy, type VaultPolicyDocument, type VaultPolicyRule } from "./policy-text";

export const QUARANTINE_NOTICE = "quarantined: access denied, data kept (lifecycle.state: quarantined)";

/** Describes where an environment's paths live, for policy headers. */
export function environmentBoundary(plan: EnvironmentPlan): string {
  const vault = plan.vault;
  if (!vault) return `environment ${plan.name}`;
  return vault.isolation === "namespace"
    ? `environment ${plan.name} (namespace ${vault.namespace}, ${vault.address})`
    : `environment ${plan.name} (mounts under ${vault.mountPrefix}/, ${vault.address})`;
}

/**
 * The rules of a service account. A quarantined credential keeps its paths, each denied: `deny`
 * on the identical pattern wins over any grant another policy might add on it.
 */
export function consumerPolicyRules(plan: EnvironmentPlan, account: ServiceAccountPlan): VaultPolicyRule[] {
  const vault = plan.vault;
  if (!vault) return [];
  const byId = credentialsById(plan);
  const rules: VaultPolicyRule[] = [];
  for (const grant of account.grants) {
    const credential = byId.get(grant.credentialId);
    if (!credential?.vault) continue;
    for (const { path, capabilities } of consumerCredentialPaths(vault, credential, account.id)) {
      rules.push(
        credential.quarantined
          ? { path, capabilities: ["deny"], comment: `${credential.id} ${QUARANTINE_NOTICE}` }
          : { path, capabilities },
      );
    }
  }
  return rules;
}

/** Whether an account reads anything from Vault in this environment. */
export function isVaultServiceAccount(plan: EnvironmentPlan, account: ServiceAccountPlan): boolean {
  const byId = credentialsById(plan);
  return account.grants.some((g) => byId.get(g.credentialId)?.vault !== undefined);
}

export function consumerPolicyDocument(plan: EnvironmentPlan, account: ServiceAccountPlan): VaultPolicyDocument {
  return {
    name: vaultNames.consumerPolicy(plan.name, account.id),
    header: [
      environmentBoundary(plan),
      `service account ${account.id} (${account.auth.method}), class ${account.sensitivity}`,
      ...account.descriptions.map((d) => `consumer: ${d}`),
    ],
    rules: consumerPolicyRules(plan, account),
  };
}

export function renderConsumerPolicy(plan: EnvironmentPlan, account: ServiceAccountPlan): string {
  return renderVaultPolicy(consumerPolicyDocument(plan, account));
}

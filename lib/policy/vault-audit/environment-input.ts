/*
 * What the audit signals need to know of an environment, from its plan: namespace or prefixed
 * mounts, login mounts, and the exact paths through which a quarantined credential's value is read
 * or issued (the same answer the quarantine denies use: ../vault/credential-paths.ts). Metadata paths
 * are left out: operators still read a quarantined credential's metadata, by design.
 */
import type { EnvironmentPlan } from "../../plan/types";
import { byText } from "../../plan/compare";
import { consumerCredentialPaths } from "../vault/credential-paths";
import type { VaultAuditEnvironmentInput } from "./signals";

export function vaultAuditEnvironmentInput(plan: EnvironmentPlan): VaultAuditEnvironmentInput | undefined {
  const vault = plan.vault;
  if (!vault) return undefined;
  const quarantined = new Set<string>();
  const credentials = new Map(plan.credentials.map((c) => [c.id, c]));
  for (const credential of plan.credentials) {
    if (!credential.quarantined || !credential.vault) continue;
    quarantined.add(credential.vault.dataPath);
  }
  for (const account of plan.serviceAccounts) {
    for (const grant of account.grants) {
      const credential = credentials.get(grant.credentialId);
      if (!credential?.quarantined) continue;
      for (const path of consumerCredentialPaths(vault, credential, account.id))
        if (path.path !== credential.vault?.metadataPath) quarantined.add(path.path);
    }
  }
  return {
    environment: plan.name,
    ...(vault.isolation === "namespace" && vault.namespace ? { namespace: vault.namespace } : {}),
    mounts: {
      kv: vault.mounts.kv,
      database: vault.mounts.database,
      pki: vault.mounts.pki,
      ssh: vault.mounts.ssh,
      aws: vault.mounts.aws,
      gcp: vault.mounts.gcp,
      approle: vault.mounts.approle,
      otherLogins: [...new Set([...Object.values(vault.mounts.kubernetes), ...Object.values(vault.mounts.jwt)])].sort(byText),
    },
    quarantinedPaths: [...quarantined].sort(byText),
  };
}

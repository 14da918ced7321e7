/*
 * Which exact API paths reach a credential, and with which capabilities: the single answer that
 * consumer, operator and break-glass policies, the quarantine denies and the tests all share.
 */
import { vaultNames, vaultPaths } from "../../plan/names";
import type { CredentialPlan, EnvironmentPlan, VaultEnvironmentPlan } from "../../plan/types";
import { credentialSource } from "../../plan/credential-source";
import type { VaultCapability } from "./policy-text";

export interface CredentialPath {
  readonly path: string;
  readonly capabilities: readonly VaultCapability[];
}

/** How a consumer obtains a credential's value: read it from KV, or have an engine issue it. */
export { credentialSource, type CredentialSource } from "../../plan/credential-source";

/**
 * Credentials of a plan by id. Plans are immutable plain data, so the index is memoized per plan
 * object (weakly: it goes with the plan) and policy rendering stays linear in the connectors.
 */
const credentialIndexes = new WeakMap<EnvironmentPlan, ReadonlyMap<string, CredentialPlan>>();
export function credentialsById(plan: EnvironmentPlan): ReadonlyMap<string, CredentialPlan> {
  let index = credentialIndexes.get(plan);
  if (!index) {
    index = new Map(plan.credentials.map((c) => [c.id, c]));
    credentialIndexes.set(plan, index);
  }
  return index;
}

/** The Vault credentials of an environment (store vault, planned with Vault paths). */
export function vaultCredentials(plan: EnvironmentPlan): CredentialPlan[] {
  return plan.credentials.filter((c) => c.vault !== undefined);
}

/**
 * The paths a machine consumer uses for one credential. Values in KV: read on the data and
 * metadata paths (plus update/patch of the data path when the provider rotates refresh tokens on
 * use; the mount requires check-and-set, so a stale write fails). Issued values: exactly the
 * consumer's own engine role.
 */
export function consumerCredentialPaths(vault: VaultEnvironmentPlan, credential: CredentialPlan, consumerId: string): CredentialPath[] {
  const { connectorId: connector, name } = credential;
  const kvPlan = credential.vault;
  if (!kvPlan) return [];
  switch (credentialSource(credential)) {
    case "kv": {
      const writeBack = credential.credential.type === "oauth-client" && credential.credential.refreshTokenRotates;
      return [
        { path: kvPlan.dataPath, capabilities: writeBack ? ["read", "update", "patch"] : ["read"] },
        { path: kvPlan.metadataPath, capabilities: ["read"] },
      ];
    }
    case "database-dynamic":
      return [
        {
          path: vaultPaths.databaseCreds(vault.mounts.database, vaultNames.databaseRole(connector, name, consumerId)),
          capabilities: ["read"],
        },
      ];
    case "database-static":
      return [
        { path: vaultPaths.databaseStaticCreds(vault.mounts.database, vaultNames.staticRole(connector, name)), capabilities: ["read"] },
      ];
    case "pki":
      return [{ path: vaultPaths.pkiIssue(vault.mounts.pki, vaultNames.pkiRole(connector, name)), capabilities: ["update"] }];
    case "ssh-signed":
      return [{ path: vaultPaths.sshSign(vault.mounts.ssh, vaultNames.sshRole(connector, name, consumerId)), capabilities: ["update"] }];
    case "aws-dynamic":
      return [{ path: vaultPaths.awsCreds(vault.mounts.aws, vaultNames.cloudRole(connector, name)), capabilities: ["read"] }];
    case "gcp-dynamic":
      return [{ path: vaultPaths.gcpRolesetKey(vault.mounts.gcp, vaultNames.cloudRole(connector, name)), capabilities: ["read"] }];
    case "none":
      return [];
  }
}

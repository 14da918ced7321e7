import { TIER_CLASSES } from "../inventory/class-defaults";
import type { Environment, Inventory } from "../inventory/model";
import { sortBy } from "./compare";
import { planAwsEnvironmentDetail } from "./aws-plan";
import { planCredential } from "./credential-plan";
import { awsNames, defaultMountPrefix, localStatePath, stackNames, vaultMountNames } from "./names";
import { planServiceAccounts } from "./service-account-plan";
import { orchestratorAuthSources, planOrchestrators, withDeliveryBounds } from "./orchestrator-plan";
import { sortedTags } from "./tags";
import type { BackendPlan, CredentialPlan, EnvironmentPlan, VaultEnvironmentPlan } from "./types";
import { planVaultBrokerRotation } from "./vault-broker-rotation";
import { storedListItem } from "./vault-stored-values";

export const MANAGED_BY = "cdktf-etl-secrets";

export function planBackend(environment: Environment, organization: string, stack: string): BackendPlan {
  if (!environment.backend) return { kind: "local", path: localStatePath(stack) };
  return {
    kind: "s3",
    bucket: environment.backend.bucket,
    key: `${environment.backend.keyPrefix ?? organization}/${stack}.tfstate`,
    region: environment.backend.region,
    dynamodbTable: environment.backend.dynamodbTable,
  };
}

function planVault(environment: Environment, inventory: Inventory): VaultEnvironmentPlan | undefined {
  const vault = environment.vault;
  if (!vault || !environment.stores.includes("vault")) return undefined;
  const mountPrefix = vault.isolation === "mount" ? (vault.mountPrefix ?? defaultMountPrefix(environment.name)) : undefined;
  const names = vaultMountNames(mountPrefix);
  const clusters = new Set<string>(["default", ...(vault.auth?.kubernetes ?? []).map((c) => c.name)]);
  const issuers = new Set<string>((vault.auth?.jwt ?? []).map((j) => j.issuer));
  const orchestrated = orchestratorAuthSources(inventory, environment);
  for (const cluster of orchestrated.clusters) clusters.add(cluster);
  for (const issuer of orchestrated.issuers) issuers.add(issuer);
  for (const connector of inventory.connectors) {
    if (connector.store !== "vault" || !(environment.name in connector.environments)) continue;
    for (const consumer of connector.consumers) {
      if (consumer.auth.method === "kubernetes") clusters.add(consumer.auth.cluster ?? "default");
      if (consumer.auth.method === "jwt") issuers.add(consumer.auth.issuer);
    }
  }
  return {
    address: vault.address.replace(/\/$/, ""),
    edition: vault.edition,
    isolation: vault.isolation,
    namespace: vault.isolation === "namespace" ? vault.namespace : undefined,
    mountPrefix,
    clusterStack: stackNames.vaultCluster(vault.address),
    mounts: {
      kv: names.kv,
      database: names.database,
      pki: vault.pki?.mount ?? names.pki,
      ssh: names.ssh,
      aws: names.aws,
      gcp: names.gcp,
      approle: names.approle,
      awsAuth: names.awsAuth,
      kubernetes: Object.fromEntries([...clusters].sort().map((c) => [c, names.kubernetes(c)])),
      jwt: Object.fromEntries([...issuers].sort().map((i) => [i, names.jwt(i)])),
    },
    pkiExternal: vault.pki?.mount !== undefined,
    ...(vault.awsIdentity ? { awsIdentityRoleArn: vault.awsIdentity.roleArn } : {}),
    authSettings: {
      kubernetes: Object.fromEntries(
        sortBy(vault.auth?.kubernetes ?? [], (c) => c.name).map((c) => [c.name, { host: c.host, caCert: c.caCert, issuer: c.issuer }]),
      ),
      jwt: Object.fromEntries(
        sortBy(vault.auth?.jwt ?? [], (j) => j.issuer).map((j) => [
          j.issuer,
          // Public keys as the server stores them (trimmed), or every plan would change them again.
          { discoveryUrl: j.discoveryUrl, jwksUrl: j.jwksUrl, publicKeys: j.publicKeys && j.publicKeys.map(storedListItem) },
        ]),
      ),
    },
  };
}

/** Inventory x environment -> everything the environment's stack will hold. */
export function planEnvironment(inventory: Inventory, environment: Environment): EnvironmentPlan {
  const plan = planEnvironmentParts(inventory, environment);
  // Derived plans that read the rest of the environment's plan, computed once and carried by it.
  const vaultBrokerRotation = planVaultBrokerRotation(plan);
  if (!plan.aws || !vaultBrokerRotation) return plan;
  return { ...plan, aws: { ...plan.aws, vaultBrokerRotation } };
}

function planEnvironmentParts(inventory: Inventory, environment: Environment): EnvironmentPlan {
  const stackName = stackNames.environment(environment.name);
  const tier = TIER_CLASSES[environment.tier];
  const vault = planVault(environment, inventory);
  const mounts = vault ? { ...vaultMountNames(vault.mountPrefix), pki: vault.mounts.pki } : undefined;
  const planned: CredentialPlan[] = [];
  for (const connector of inventory.connectors) {
    if (!(environment.name in connector.environments)) continue;
    if (connector.lifecycle.state === "retired" && connector.lifecycle.destroyOnRetire) continue;
    for (const name of Object.keys(connector.credentials))
      planned.push(planCredential(inventory.organization, environment, connector, name, mounts));
  }
  const credentials = sortBy(planned, (plan) => plan.id);
  const aws = environment.aws;
  const plannedAccounts = planServiceAccounts(inventory, environment, credentials);
  const orchestrators = planOrchestrators(inventory, environment, vault, credentials, plannedAccounts);
  const serviceAccounts = withDeliveryBounds(plannedAccounts, orchestrators);
  return {
    organization: inventory.organization,
    name: environment.name,
    tier: environment.tier,
    production: environment.tier === "production",
    stackName,
    backend: planBackend(environment, inventory.organization, stackName),
    defaultTags: sortedTags({ "managed-by": MANAGED_BY, organization: inventory.organization, environment: environment.name }),
    preventDestroy: tier.preventDestroy,
    approvals: environment.approvals,
    ...(environment.humans?.loginMethods ? { humanLoginMethods: [...environment.humans.loginMethods].sort() } : {}),
    vault,
    aws: aws && {
      accountId: aws.accountId,
      region: aws.region,
      accountStack: stackNames.awsAccount(aws.accountId),
      secretsKeyAlias: awsNames.secretsKeyAlias(inventory.organization, environment.name),
      logsKeyAlias: awsNames.logsKeyAlias(inventory.organization, environment.name),
      kmsDeletionWindowDays: tier.kmsDeletionWindowDays,
      logRetentionDays: tier.logRetentionDays,
      ...planAwsEnvironmentDetail(inventory, environment, credentials, serviceAccounts),
    },
    credentials,
    serviceAccounts,
    ...(orchestrators.length > 0 ? { orchestrators } : {}),
  };
}

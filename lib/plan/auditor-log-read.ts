/*
 * The auditor's read of its Vault cluster's shipped audit log (`etl-secrets audit`, Vault dormancy).
 * The cluster's log group (`vault.audit`, lib/plan/vault-audit-plan.ts) holds the requests of every
 * environment on the cluster: paths in clear, values HMAC'd. Reading it is a value-free,
 * cluster-wide read the lead accepted as a declared exception; the auditor keeps its own
 * namespace's lines client-side (lib/audit/readers/audit-log.ts). Same account: the auditor role
 * itself may FilterLogEvents on the group; another account: it assumes the audit stack's reader
 * role (`<org>-vault-audit-<cluster>-reader`), which may only FilterLogEvents on the group. Pure.
 */
import type { Environment, Inventory } from "../inventory/model";
import { sortBy } from "./compare";
import { awsNames, vaultAuditNames, vaultClusterKey } from "./names";

export interface AuditorLogRead {
  readonly clusterKey: string;
  readonly logGroupName: string;
  /** `arn:<partition>:logs:<region>:<account>:log-group:<name>` */
  readonly logGroupArn: string;
  /** The audit account and region (`vault.audit`). */
  readonly accountId: string;
  readonly region: string;
  /** The reader role the auditor assumes when the audit account is not the environment's (absent: the auditor reads directly). */
  readonly readerRoleArn?: string;
}

/** The `vault.audit` of an environment's cluster: declared by any environment on it (validation makes them agree). */
function clusterAudit(
  inventory: Inventory,
  environment: Environment,
): { clusterKey: string; accountId: string; region: string } | undefined {
  if (!environment.vault || !environment.stores.includes("vault")) return undefined;
  const clusterKey = vaultClusterKey(environment.vault.address);
  const onCluster = sortBy(
    inventory.environments.filter((env) => env.vault && env.stores.includes("vault") && vaultClusterKey(env.vault.address) === clusterKey),
    (env) => env.name,
  );
  const audit = onCluster.find((env) => env.vault!.audit)?.vault!.audit;
  return audit && { clusterKey, accountId: audit.accountId, region: audit.region };
}

/** The ARN of the audit stack's reader role (path `/<org>/vault-audit/`). */
export function auditorLogReaderRoleArn(partition: string, organization: string, accountId: string, clusterKey: string): string {
  const names = vaultAuditNames(organization, accountId, clusterKey);
  return `arn:${partition}:iam::${accountId}:role${names.iamPath}${names.readerRole}`;
}

/** The ARN of an environment's auditor role (path `/<org>/<env>/`). */
export function auditorRoleArnOf(partition: string, organization: string, accountId: string, environment: string): string {
  return `arn:${partition}:iam::${accountId}:role${awsNames.iamPath(organization, environment)}${awsNames.auditorRole(organization, environment)}`;
}

/**
 * How the auditor of `environment` reads its cluster's audit log group, when the cluster ships one.
 * `partition`: the environment's (a role can only be assumed within its partition).
 */
export function auditorLogReadOf(inventory: Inventory, environment: Environment, partition: string): AuditorLogRead | undefined {
  const audit = clusterAudit(inventory, environment);
  if (!audit) return undefined;
  const names = vaultAuditNames(inventory.organization, audit.accountId, audit.clusterKey);
  const sameAccount = environment.aws?.accountId === audit.accountId;
  return {
    clusterKey: audit.clusterKey,
    logGroupName: names.logGroup,
    logGroupArn: `arn:${partition}:logs:${audit.region}:${audit.accountId}:log-group:${names.logGroup}`,
    accountId: audit.accountId,
    region: audit.region,
    ...(sameAccount
      ? {}
      : { readerRoleArn: auditorLogReaderRoleArn(partition, inventory.organization, audit.accountId, audit.clusterKey) }),
  };
}

/**
 * Whom the cluster's reader role trusts: the auditor roles of the cluster's environments whose AWS
 * account is not the audit account, sorted by ARN (their accounts' roots, narrowed to exactly these
 * principals by `aws:PrincipalArn`, so the trust needs no role to exist first).
 */
export function auditorLogReaders(
  inventory: Inventory,
  clusterKey: string,
  auditAccountId: string,
  partition: string,
): { environment: string; accountId: string; roleArn: string }[] {
  const readers = inventory.environments
    .filter(
      (env) =>
        env.vault &&
        env.stores.includes("vault") &&
        env.aws &&
        vaultClusterKey(env.vault.address) === clusterKey &&
        env.aws.accountId !== auditAccountId,
    )
    .map((env) => ({
      environment: env.name,
      accountId: env.aws!.accountId,
      roleArn: auditorRoleArnOf(partition, inventory.organization, env.aws!.accountId, env.name),
    }));
  return sortBy(readers, (r) => r.roleArn);
}

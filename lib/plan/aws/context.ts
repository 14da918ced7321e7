/*
 * What every part of one environment's AWS plan reads: the environment's identity (organization,
 * name, partition, account), its credentials with an AWS side, those that store a secret, and the
 * consumers granted any of them.
 */
import type { Environment, Inventory } from "../../inventory/model";
import type { CredentialPlan, ServiceAccountPlan } from "../types";

export interface AwsAccountGrants {
  readonly account: ServiceAccountPlan;
  /** The account's grants restricted to this environment's AWS credentials (never empty). */
  readonly grants: ServiceAccountPlan["grants"];
}

export interface AwsPlanContext {
  readonly inventory: Inventory;
  readonly environment: Environment;
  readonly organization: string;
  /** The environment's name. */
  readonly env: string;
  readonly partition: string;
  readonly accountId: string;
  readonly production: boolean;
  /** Every credential of the environment, both stores. */
  readonly credentials: readonly CredentialPlan[];
  /** Credentials with an AWS side. */
  readonly awsCredentials: readonly CredentialPlan[];
  /** AWS credentials that store a secret in Secrets Manager. */
  readonly stored: readonly CredentialPlan[];
  readonly storedIds: ReadonlySet<string>;
  /** AWS credentials by id. */
  readonly byId: ReadonlyMap<string, CredentialPlan>;
  /** Consumers of AWS credentials, in the order of the service accounts. */
  readonly awsAccounts: readonly AwsAccountGrants[];
}

export function awsPlanContext(
  inventory: Inventory,
  environment: Environment,
  partition: string,
  credentials: readonly CredentialPlan[],
  serviceAccounts: readonly ServiceAccountPlan[],
): AwsPlanContext {
  const awsCredentials = credentials.filter((c) => c.aws);
  const stored = awsCredentials.filter((c) => c.aws!.storesSecret);
  const byId = new Map(awsCredentials.map((c) => [c.id, c]));
  return {
    inventory,
    environment,
    organization: inventory.organization,
    env: environment.name,
    partition,
    accountId: environment.aws!.accountId,
    production: environment.tier === "production",
    credentials,
    awsCredentials,
    stored,
    storedIds: new Set(stored.map((c) => c.id)),
    byId,
    // Consumers of AWS credentials: grants restricted to this environment's AWS credentials.
    awsAccounts: serviceAccounts
      .map((account) => ({ account, grants: account.grants.filter((g) => byId.has(g.credentialId)) }))
      .filter(({ grants }) => grants.length > 0),
  };
}

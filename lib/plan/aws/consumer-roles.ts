/*
 * Consumer roles: a role for every consumer that reads a secret or names a role. An aws-iam
 * consumer with `roleName` that reads only Vault credentials gets its role too: Vault's AWS auth
 * binds `<roleName>-<environment>` in this account, so the role must exist, with its declared trust.
 */
import { awsNames } from "../names";
import type { AwsConsumerRolePlan, AwsTrustPlan } from "../aws-types";
import type { ServiceAccountPlan } from "../types";
import type { AwsAccountGrants, AwsPlanContext } from "./context";
import { once, sorted } from "./lazy";
import { oidcTrust } from "./trusts";

/**
 * Principal tag that names the consumer a principal works for. A created consumer role that trusts
 * no service and no third-party account trusts its own account only for principals carrying
 * `etl-consumer = <consumer id>` AND `environment = <environment>`: the account root alone would let
 * every role and user of the account (other consumers, other environments) assume it.
 */
export const CONSUMER_PRINCIPAL_TAG = "etl-consumer";

export interface AwsConsumerRoles {
  /** In the order of the consumers (the environment plan sorts them by consumer id). */
  readonly consumerRoles: AwsConsumerRolePlan[];
  /** Consumers that have a role (created or existing): cloud roles trust the role. */
  readonly hasRole: ReadonlySet<string>;
}

export function planConsumerRoles(context: AwsPlanContext, serviceAccounts: readonly ServiceAccountPlan[]): AwsConsumerRoles {
  const { storedIds, byId } = context;
  const consumerRoles: AwsConsumerRolePlan[] = [];
  const hasRole = new Set<string>();
  for (const { account, grants } of [...context.awsAccounts, ...vaultOnlyNamedRoles(context, serviceAccounts)]) {
    const auth = account.auth;
    const namesRole = auth.method === "aws-iam" && (auth.roleName !== undefined || auth.roleArn !== undefined);
    if (!namesRole && !grants.some((g) => storedIds.has(g.credentialId))) continue;
    if (auth.method !== "aws-iam" && auth.method !== "jwt") continue;
    // Whether the role exists and its names are decided here; what it reads, writes back and
    // assumes, its description and trust only synth reads: built on first read, once.
    const reads = once(() => sorted(grants.filter((g) => storedIds.has(g.credentialId)).map((g) => g.credentialId)));
    const writesBack = once(() => sorted(grants.filter((g) => storedIds.has(g.credentialId) && g.writeBack).map((g) => g.credentialId)));
    const assumes = once(() => sorted(grants.filter((g) => byId.get(g.credentialId)?.type === "cloud-role").map((g) => g.credentialId)));
    const description = once(() => account.descriptions.join("; ") || `Consumer ${account.id}`);
    const consumerId = account.id;
    const policyName = awsNames.consumerPolicy(context.organization, context.env, account.id);
    hasRole.add(account.id);
    if (auth.method === "aws-iam" && auth.roleArn) {
      consumerRoles.push({
        consumerId,
        policyName,
        get description() {
          return description();
        },
        get reads() {
          return reads();
        },
        get writesBack() {
          return writesBack();
        },
        get assumes() {
          return assumes();
        },
        kind: "existing",
        roleName: auth.roleArn.slice(auth.roleArn.lastIndexOf("/") + 1),
        roleArn: auth.roleArn,
      });
      continue;
    }
    const trust = once((): AwsTrustPlan => consumerTrust(context, account, auth));
    consumerRoles.push({
      consumerId,
      policyName,
      get description() {
        return description();
      },
      get reads() {
        return reads();
      },
      get writesBack() {
        return writesBack();
      },
      get assumes() {
        return assumes();
      },
      kind: "created",
      roleName:
        auth.method === "aws-iam" && auth.roleName
          ? awsNames.specNamedRole(auth.roleName, context.env)
          : awsNames.consumerRole(context.organization, context.env, account.id),
      get trust() {
        return trust();
      },
    });
  }
  return { consumerRoles, hasRole };
}

/**
 * aws-iam consumers naming a role that read only Vault credentials of the environment. Indexed only
 * when an account may need it (a named aws-iam role): most environments have none.
 */
function vaultOnlyNamedRoles(context: AwsPlanContext, serviceAccounts: readonly ServiceAccountPlan[]): AwsAccountGrants[] {
  const vaultIds = once(() => new Set(context.credentials.filter((c) => c.vault !== undefined).map((c) => c.id)));
  const awsAccountIds = new Set(context.awsAccounts.map(({ account }) => account.id));
  return serviceAccounts
    .filter((account) => account.auth.method === "aws-iam" && account.auth.roleName !== undefined && !account.auth.roleArn)
    .filter((account) => !awsAccountIds.has(account.id))
    .filter((account) => account.grants.some((g) => vaultIds().has(g.credentialId)))
    .map((account) => ({ account, grants: [] as ServiceAccountPlan["grants"] }));
}

/** A created consumer role's trust: its identity provider, its service, a third-party account or its own tagged principals. */
function consumerTrust(
  context: AwsPlanContext,
  account: ServiceAccountPlan,
  auth: Extract<ServiceAccountPlan["auth"], { method: "aws-iam" | "jwt" }>,
): AwsTrustPlan {
  return auth.method === "jwt"
    ? oidcTrust(context.partition, context.accountId, auth)
    : auth.trustedService
      ? { kind: "service", service: auth.trustedService }
      : auth.trustedAccount
        ? { kind: "account", accountId: auth.trustedAccount, ...(auth.externalId ? { externalId: auth.externalId } : {}) }
        : {
            kind: "account",
            accountId: context.accountId,
            principalTags: { [CONSUMER_PRINCIPAL_TAG]: account.id, environment: context.env },
          };
}

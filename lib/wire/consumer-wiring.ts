import { credentialSource } from "../plan/credential-source";
import { awsNames, credentialKey, vaultNames, vaultObjectNames } from "../plan/names";
import { outputName } from "../plan/output-names";
import type { AwsTrustPlan } from "../plan/aws-types";
import type { CredentialPlan, EnvironmentPlan, InventoryPlan, ServiceAccountPlan, VaultEnvironmentPlan } from "../plan/types";
import { consumerCredentialPaths } from "../policy/vault/credential-paths";
import {
  WireError,
  type AwsRoleTrust,
  type AwsWiring,
  type ConsumerWiring,
  type CredentialWiring,
  type VaultLogin,
  type VaultWiring,
} from "./model";

/*
 * The facts every target renders, derived once from the plan: the same names and paths the
 * constructs create and the policies grant (lib/plan/names.ts, lib/policy/vault/credential-paths.ts),
 * never re-spelled here.
 */

/** The environment plan of `environment`, or a WireError naming the environments there are. */
export function environmentPlanFor(plan: InventoryPlan, environment: string): EnvironmentPlan {
  const found = plan.environments.find((env) => env.name === environment);
  if (found) return found;
  const names = plan.environments.map((env) => env.name).join(", ");
  throw new WireError("unknown-environment", `no environment ${quoteId(environment)} in the inventory; environments: ${names}`);
}

/**
 * The wiring of one consumer in one environment. `inventoryPlan` (optional) tells an unknown
 * consumer from one that only lives in other environments.
 */
export function consumerWiring(plan: EnvironmentPlan, consumerId: string, inventoryPlan?: InventoryPlan): ConsumerWiring {
  const account = plan.serviceAccounts.find((a) => a.id === consumerId);
  if (!account) {
    const elsewhere =
      inventoryPlan?.environments.filter((env) => env.serviceAccounts.some((a) => a.id === consumerId)).map((env) => env.name) ?? [];
    if (elsewhere.length > 0) {
      throw new WireError(
        "not-in-environment",
        `consumer ${quoteId(consumerId)} does not read any credential in environment ${plan.name}; it is in: ${elsewhere.join(", ")}`,
      );
    }
    const known = (inventoryPlan?.environments ?? [plan]).flatMap((env) => env.serviceAccounts.map((a) => a.id));
    const list = [...new Set(known)].sort();
    throw new WireError(
      "unknown-consumer",
      `no consumer ${quoteId(consumerId)} in the inventory; consumers: ${list.length > 0 ? list.join(", ") : "(none)"}`,
    );
  }
  const byId = new Map(plan.credentials.map((c) => [c.id, c]));
  const credentials = account.grants
    .map((grant) => byId.get(grant.credentialId))
    .filter((c): c is CredentialPlan => c !== undefined && !c.destroyed)
    .map((c) => credentialWiring(plan, c, account.id));
  return {
    organization: plan.organization,
    environment: plan.name,
    production: plan.production,
    consumer: account.id,
    store: account.store,
    auth: account.auth.method,
    ...(plan.vault && credentials.some((c) => c.store === "vault") && { vault: vaultWiring(plan, plan.vault, account) }),
    ...(plan.aws && { aws: awsWiring(plan, account) }),
    credentials,
  };
}

/** Spec ids are slugs; anything else (a typo, pasted text) is not echoed. */
export function quoteId(text: string): string {
  return /^[a-z][a-z0-9-]{0,62}$/.test(text) ? `"${text}"` : `<redacted, ${text.length} chars>`;
}

function vaultWiring(plan: EnvironmentPlan, vault: VaultEnvironmentPlan, account: ServiceAccountPlan): VaultWiring {
  return {
    address: vault.address,
    ...(vault.isolation === "namespace" && vault.namespace && { namespace: vault.namespace }),
    kvMount: vault.mounts.kv,
    login: vaultLogin(plan, vault, account),
  };
}

function vaultLogin(plan: EnvironmentPlan, vault: VaultEnvironmentPlan, account: ServiceAccountPlan): VaultLogin {
  const role = vaultNames.authRole(account.id);
  const auth = account.auth;
  switch (auth.method) {
    case "approle": {
      const mount = vault.mounts.approle;
      const limits = account.approle!;
      return {
        method: "approle",
        mount,
        role,
        roleIdPath: `auth/${mount}/role/${role}/role-id`,
        secretIdPath: `auth/${mount}/role/${role}/secret-id`,
        secretIdUses: limits.secretIdUses,
        secretIdTtlSeconds: limits.secretIdTtlSeconds,
        cidrs: limits.cidrs,
        deliveredBy: [...(limits.deliveredBy ?? [])],
      };
    }
    case "kubernetes": {
      const cluster = auth.cluster ?? "default";
      return {
        method: "kubernetes",
        mount: vault.mounts.kubernetes[cluster],
        role,
        serviceAccount: auth.serviceAccount,
        namespace: auth.namespace,
        cluster,
      };
    }
    case "jwt":
      return {
        method: "jwt",
        mount: vault.mounts.jwt[auth.issuer],
        role,
        issuer: auth.issuer,
        audiences: typeof auth.audience === "string" ? [auth.audience] : [...auth.audience].sort(),
        subject: auth.subject,
      };
    case "aws-iam": {
      // The ARN Vault's AWS auth binds (service-account.ts): without the IAM path.
      const arn =
        auth.roleArn ??
        (auth.roleName && plan.aws
          ? vaultObjectNames.iamRoleArn(plan.aws.accountId, awsNames.specNamedRole(auth.roleName, plan.name))
          : undefined);
      return { method: "aws-iam", mount: vault.mounts.awsAuth, role, ...(arn && { iamRoleArn: arn }) };
    }
  }
}

function awsWiring(plan: EnvironmentPlan, account: ServiceAccountPlan): AwsWiring {
  const aws = plan.aws!;
  const rolePlan = aws.consumerRoles.find((r) => r.consumerId === account.id);
  const role = rolePlan
    ? {
        name: rolePlan.roleName,
        arn:
          rolePlan.kind === "existing"
            ? rolePlan.roleArn!
            : `arn:${aws.partition}:iam::${aws.accountId}:role${aws.iamPath}${rolePlan.roleName}`,
        kind: rolePlan.kind,
        ...(rolePlan.kind === "created" && rolePlan.trust && { trust: trustOf(rolePlan.trust) }),
      }
    : undefined;
  return {
    accountId: aws.accountId,
    region: aws.region,
    partition: aws.partition,
    secretPrefix: `${plan.organization}/${plan.name}`,
    ...(role && { role }),
  };
}

function trustOf(trust: AwsTrustPlan): AwsRoleTrust | undefined {
  switch (trust.kind) {
    case "service":
      return { kind: "service", service: trust.service };
    case "account":
      return {
        kind: "account",
        accountId: trust.accountId,
        externalId: trust.externalId !== undefined,
        ...(trust.principalTags && { principalTags: trust.principalTags }),
      };
    case "oidc":
      return { kind: "oidc", issuerHost: trust.providerHost, subject: trust.subject, audiences: trust.audiences };
    default:
      return undefined;
  }
}

/** A common name goes into template text only when it is a host name (never quotes or template syntax). */
const HOST_NAME = /^[A-Za-z0-9*][A-Za-z0-9.-]{0,252}$/;

function credentialWiring(plan: EnvironmentPlan, credential: CredentialPlan, consumerId: string): CredentialWiring {
  const base = {
    id: credential.id,
    connectorId: credential.connectorId,
    name: credential.name,
    type: credential.type,
    store: credential.store,
    quarantined: credential.quarantined,
  };
  if (credential.vault && plan.vault) {
    const source = credentialSource(credential);
    const [first] = consumerCredentialPaths(plan.vault, credential, consumerId);
    return {
      ...base,
      vault: {
        source,
        ...(first && { path: first.path, operation: first.capabilities.includes("read") ? ("read" as const) : ("update" as const) }),
        ...(source === "kv" && { kvKey: credential.vault.key }),
        ...(credential.credential.type === "certificate" &&
          HOST_NAME.test(credential.credential.certificate.commonName) && { commonName: credential.credential.certificate.commonName }),
      },
    };
  }
  if (credential.aws && plan.aws) {
    if (!credential.aws.storesSecret) {
      const cloudRole = plan.aws.cloudRoles.find((r) => r.credentialId === credential.id);
      return { ...base, aws: { ...(cloudRole && { assumeRoleName: cloudRole.roleName }) } };
    }
    return {
      ...base,
      aws: {
        secretName: credential.aws.secretName,
        partialArn: `${plan.aws.secretArnPrefix}${credential.connectorId}/${credential.name}`,
        arnOutput: outputName("secret_arn", [credential.connectorId, credential.name]),
      },
    };
  }
  return base;
}

/** The Airflow connection id of a credential: its KV key under `connectors/`, its secret name under `<org>/<env>/`. */
export function connectionId(credential: Pick<CredentialWiring, "connectorId" | "name">): string {
  return credentialKey(credential.connectorId, credential.name).slice("connectors/".length);
}

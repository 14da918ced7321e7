/*
 * What a drill (`etl-secrets runbook <inventory> <connector> --drill <environment>`) would do, from
 * the inventory alone: pure, no client, no network. Production is refused here, before anything
 * that could reach a store is built (TierClass.drillIdentity), and the runner checks the resolved
 * target against every production environment of the inventory again (`productionClash`).
 */
import { credentialSource } from "../../plan/credential-source";
import { drillAllowed, drillAppRoleConsumers } from "../../plan/identity/drill";
import { vaultPaths } from "../../plan/names";
import { planInventory } from "../../plan/inventory-plan";
import { vaultClusterKey, vaultNames, vaultObjectNames } from "../../plan/names";
import type { CredentialPlan, EnvironmentPlan, InventoryPlan } from "../../plan/types";
import { appRolePaths, staticRolePaths } from "../../policy/vault/drill-policy";
import type { Inventory } from "../../inventory/model";
import { byText } from "../../shared/text-order";

/** The drill was refused (exit 2): production, unknown names, or nothing to drill. */
export class DrillRefused extends Error {}

export interface DrillDatabase {
  readonly host: string;
  readonly port?: number;
  readonly database?: string;
  /** Vault's static-creds answer names the user too; this is the inventory's. */
  readonly username?: string;
}

export type DrillConsumer =
  | {
      readonly id: string;
      readonly method: "approle";
      readonly check: "login";
      readonly roleIdPath: string;
      readonly secretIdPath: string;
      readonly loginPath: string;
    }
  | { readonly id: string; readonly method: string; readonly check: "not-checkable-live"; readonly reason: string };

export interface VaultStaticRoleTarget {
  readonly credential: string;
  readonly kind: "vault-static-role";
  readonly address: string;
  /** "" for the root namespace. */
  readonly namespace: string;
  readonly databaseMount: string;
  readonly role: string;
  readonly rotatePath: string;
  readonly credsPath: string;
  readonly database: DrillDatabase;
  readonly consumers: readonly DrillConsumer[];
}

export interface VaultDynamicDatabaseTarget {
  readonly credential: string;
  readonly kind: "vault-dynamic-database";
  readonly address: string;
  /** "" for the root namespace. */
  readonly namespace: string;
  readonly databaseMount: string;
  readonly database: DrillDatabase;
  /** Each consumer with its own engine role (`<db>/creds/<connector>-<credential>-<consumer>`). */
  readonly consumers: readonly (DrillConsumer & { readonly credsPath: string })[];
}

/** A Secrets Manager database password rotated by the environment's rotation function (RotateSecret). */
export interface AwsRotatedPasswordTarget {
  readonly credential: string;
  readonly kind: "aws-rotated-password";
  readonly accountId: string;
  readonly region: string;
  readonly secretName: string;
  readonly database: DrillDatabase;
  readonly consumers: readonly DrillConsumer[];
}

export interface NotDrillable {
  readonly credential: string;
  readonly kind: "not-drillable";
  readonly reason: string;
}

export type DrillTarget = VaultStaticRoleTarget | VaultDynamicDatabaseTarget | AwsRotatedPasswordTarget | NotDrillable;

export interface DrillPlan {
  readonly organization: string;
  readonly environment: string;
  readonly connector: string;
  /** Vault policy and group the drill runs as (members hold `VAULT_TOKEN`). */
  readonly identity: { readonly vaultPolicy: string; readonly vaultGroup: string };
  /** Sorted by credential. */
  readonly targets: readonly DrillTarget[];
}

export interface DrillRequest {
  readonly connector: string;
  readonly environment: string;
  readonly credential?: string;
}

/** Plans a drill; throws DrillRefused on production (before anything else) and on unknown names. */
export function planDrill(inventory: Inventory, request: DrillRequest, plan: InventoryPlan = planInventory(inventory)): DrillPlan {
  const env = plan.environments.find((e) => e.name === request.environment);
  if (!env)
    throw new DrillRefused(
      `unknown environment ${request.environment}; drills run in: ${
        plan.environments
          .filter(drillAllowed)
          .map((e) => e.name)
          .join(", ") || "none"
      }`,
    );
  if (!drillAllowed(env)) {
    throw new DrillRefused(
      `environment ${env.name} is ${env.tier}: drills are refused there (house policy: drills run only where a mistake cannot take production down)`,
    );
  }
  if (!inventory.connectors.some((c) => c.id === request.connector)) throw new DrillRefused(`unknown connector ${request.connector}`);
  const credentials = env.credentials
    .filter((c) => c.connectorId === request.connector && (!request.credential || c.name === request.credential))
    .sort((a, b) => byText(a.name, b.name));
  if (credentials.length === 0) {
    throw new DrillRefused(
      request.credential
        ? `connector ${request.connector} has no credential ${request.credential} in environment ${env.name}`
        : `connector ${request.connector} has no credential in environment ${env.name}`,
    );
  }
  return {
    organization: env.organization,
    environment: env.name,
    connector: request.connector,
    identity: { vaultPolicy: vaultNames.drillPolicy(env.name), vaultGroup: vaultObjectNames.drillersGroup(env.name) },
    targets: credentials.map((c) => targetOf(env, c)),
  };
}

function notDrillable(credential: CredentialPlan, reason: string): NotDrillable {
  return { credential: credential.name, kind: "not-drillable", reason };
}

// long-function: one branch per kind of credential a drill can rotate (Vault static role, dynamic database, KV via the broker, Secrets Manager) and the reasons it cannot, read as a table of targets
function targetOf(env: EnvironmentPlan, credential: CredentialPlan): DrillTarget {
  if (credential.destroyed) return notDrillable(credential, "retired: nothing is left to rotate");
  if (credential.quarantined) return notDrillable(credential, "quarantined: every read is denied until the connector is released");
  const source = credentialSource(credential);
  const vault = env.vault;
  if (source === "database-static" && vault && credential.credential.type === "rotated-password") {
    const paths = staticRolePaths(vault.mounts.database, credential);
    const db = credential.credential.database;
    return {
      credential: credential.name,
      kind: "vault-static-role",
      address: vault.address,
      namespace: vault.isolation === "namespace" ? (vault.namespace ?? "") : "",
      databaseMount: vault.mounts.database,
      role: paths.role,
      rotatePath: paths.rotate,
      credsPath: paths.creds,
      database: {
        host: db.host,
        ...(db.port !== undefined && { port: db.port }),
        ...(db.name !== undefined && { database: db.name }),
        ...(db.username !== undefined && { username: db.username }),
      },
      consumers: consumersOf(env, credential, vault.mounts.approle),
    };
  }
  if (source === "database-dynamic" && vault && credential.credential.type === "dynamic-database") {
    const db = credential.credential.database;
    const consumers = consumersOf(env, credential, vault.mounts.approle).map((c) => ({
      ...c,
      credsPath: vaultPaths.databaseCreds(vault.mounts.database, vaultNames.databaseRole(credential.connectorId, credential.name, c.id)),
    }));
    if (!consumers.some((c) => c.check === "login")) {
      return notDrillable(
        credential,
        "dynamic database credential without an AppRole consumer: the drill revokes and reissues through an AppRole consumer's own session",
      );
    }
    return {
      credential: credential.name,
      kind: "vault-dynamic-database",
      address: vault.address,
      namespace: vault.isolation === "namespace" ? (vault.namespace ?? "") : "",
      databaseMount: vault.mounts.database,
      database: { host: db.host, ...(db.port !== undefined && { port: db.port }), ...(db.name !== undefined && { database: db.name }) },
      consumers,
    };
  }
  if (credential.store === "aws" && credential.aws?.storesSecret && env.aws && credential.rotation.mode === "secrets-manager") {
    if (credential.credential.type !== "rotated-password") {
      return notDrillable(
        credential,
        `${credential.credential.type} rotated by Secrets Manager: this drill proves database passwords only (old value refused by the database)`,
      );
    }
    const db = credential.credential.database;
    return {
      credential: credential.name,
      kind: "aws-rotated-password",
      accountId: env.aws.accountId,
      region: env.aws.region,
      secretName: credential.aws.secretName,
      database: {
        host: db.host,
        ...(db.port !== undefined && { port: db.port }),
        ...(db.name !== undefined && { database: db.name }),
        ...(db.username !== undefined && { username: db.username }),
      },
      consumers: env.serviceAccounts
        .filter((a) => a.grants.some((g) => g.credentialId === credential.id))
        .sort((a, b) => byText(a.id, b.id))
        .map((a) => ({
          id: a.id,
          method: a.auth.method,
          check: "not-checkable-live" as const,
          reason:
            "the drill cannot act as the consumer's IAM role; its own read of the new value stands in, and `simulate` proves the consumer's role still reaches the secret",
        })),
    };
  }
  switch (credential.rotation.mode) {
    case "reminder":
      return notDrillable(credential, "rotated by a person on a reminder: no store API rotates it");
    case "issued":
      return notDrillable(
        credential,
        "issued per request (certificate or signed key): nothing long-lived to rotate; revoke by the issuer's serial instead",
      );
    case "dynamic":
      return notDrillable(
        credential,
        "cloud role issued by a secrets engine: nothing long-lived to rotate; its leases expire on their own",
      );
    case "none":
      return notDrillable(credential, "not rotated (cloud role): nothing long-lived to rotate");
    default:
      return notDrillable(credential, `rotated by ${credential.rotation.mode}: this drill does not run it yet`);
  }
}

function consumersOf(env: EnvironmentPlan, credential: CredentialPlan, approleMount: string): DrillConsumer[] {
  const approle = new Set(drillAppRoleConsumers(env, credential).map((a) => a.id));
  return env.serviceAccounts
    .filter((a) => a.grants.some((g) => g.credentialId === credential.id))
    .sort((a, b) => byText(a.id, b.id))
    .map((a): DrillConsumer => {
      if (approle.has(a.id)) {
        const paths = appRolePaths(approleMount, a.id);
        return {
          id: a.id,
          method: "approle",
          check: "login",
          roleIdPath: paths.roleId,
          secretIdPath: paths.secretId,
          loginPath: paths.login,
        };
      }
      return {
        id: a.id,
        method: a.auth.method,
        check: "not-checkable-live",
        reason: `${a.auth.method} login needs the workload's own identity token, which the drill cannot hold`,
      };
    });
}

/**
 * The production environment a resolved Vault target would touch, if any: same cluster (by the
 * address actually used), same namespace, same database mount. The second refusal, at run time.
 */
export function productionSecretClash(
  plan: InventoryPlan,
  target: { accountId: string; region: string; secretName: string },
): string | undefined {
  for (const env of plan.environments) {
    if (!env.production || !env.aws || env.aws.accountId !== target.accountId || env.aws.region !== target.region) continue;
    if (env.credentials.some((c) => c.aws?.secretName === target.secretName)) return env.name;
  }
  return undefined;
}

export function productionClash(
  plan: InventoryPlan,
  target: { address: string; namespace: string; databaseMount: string },
): string | undefined {
  const cluster = vaultClusterKey(target.address);
  for (const env of plan.environments) {
    const vault = env.vault;
    if (!env.production || !vault) continue;
    const namespace = vault.isolation === "namespace" ? (vault.namespace ?? "") : "";
    if (vaultClusterKey(vault.address) === cluster && namespace === target.namespace && vault.mounts.database === target.databaseMount)
      return env.name;
  }
  return undefined;
}

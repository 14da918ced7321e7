import { TerraformLocal } from "cdktf";
import { Construct } from "constructs";
import { SENSITIVITY_CLASSES } from "../../inventory/class-defaults";
import type { CredentialPlan, EnvironmentPlan, ServiceAccountPlan } from "../../plan/types";
import { consumerPolicyRules, isVaultServiceAccount } from "../../policy/vault/consumer-policy";
import { credentialSource, vaultCredentials } from "../../policy/vault/credential-paths";
import { rotationPolicyDocument } from "../../policy/vault/human-policies";
import { AuditorAccess } from "./auditor-access";
import { AuthBackends } from "./auth-backends";
import { DrillAccess } from "./drill-access";
import { OrchestratorAccess } from "./orchestrator-access";
import { hasVaultDrillIdentity } from "../../plan/identity/drill";
import { AwsEngine, AwsEngineRole, GcpEngine, GcpRoleset } from "./cloud-engines";
import { CredentialMetadata } from "./credential-metadata";
import { DatabaseConnection } from "./database-credentials";
import { HumanAccess } from "./human-access";
import { KvStore } from "./kv-store";
import { SecretsMount } from "./mounts";
import { certificateTtlSeconds, PkiRole } from "./pki";
import { ServiceAccount } from "./service-account";
import { SshEngine, SshRoles } from "./ssh";
import { VaultPolicy } from "./vault-policy";
import { RotationWatchLogin } from "./rotation-watch-login";
import { RemindersLogin } from "./reminders-login";
import { VaultBrokerLogin } from "./vault-broker-login";
import { vaultEngineRoleArn } from "../../plan/vault-engine-roles";
import { constructIds } from "../../plan/construct-ids";
import { environmentPath, failAtSynth } from "../construct-errors";

/** Name of the local that describes the environment's Vault boundary in its stack's JSON. */
export const ENVIRONMENT_DESCRIPTION_LOCAL = "etl_vault_environment";

export interface VaultEnvironmentProps {
  readonly plan: EnvironmentPlan;
}

/** Whether an environment has anything for Vault to hold. */
export function hasVaultContent(plan: EnvironmentPlan): boolean {
  return !!plan.vault && (vaultCredentials(plan).length > 0 || plan.serviceAccounts.some((a) => isVaultServiceAccount(plan, a)));
}

/**
 * The Vault side of one environment, composed from its plan: the KV store and each credential's
 * metadata, the engines its credentials need (database, PKI, SSH, AWS, GCP; each created only
 * when used), auth backends and one service account per consumer, people's access in production,
 * and the key broker's policy. Child ids come from spec keys (`connector-<id>/<credential>`,
 * `consumer-<id>`), so reordering or adding connectors never renames another's resources.
 */
export class VaultEnvironment extends Construct {
  readonly plan: EnvironmentPlan;
  readonly kv?: KvStore;
  readonly serviceAccounts: ReadonlyMap<string, ServiceAccount>;
  /** Each KV-held credential's metadata endpoint, by credential id. */
  readonly credentialMetadata: ReadonlyMap<string, CredentialMetadata>;
  private readonly engines = new Map<string, Construct>();
  private readonly mountPaths = new Set<string>();

  constructor(scope: Construct, id: string, props: VaultEnvironmentProps) {
    super(scope, id);
    const { plan } = props;
    const vault = plan.vault;
    if (!vault) throw new Error(`environment ${plan.name} has no Vault settings`);
    this.plan = plan;
    const credentials = vaultCredentials(plan);
    const accounts = plan.serviceAccounts.filter((a) => isVaultServiceAccount(plan, a) && consumerPolicyRules(plan, a).length > 0);

    if (credentials.length > 0) {
      this.kv = new KvStore(this, "kv", { path: vault.mounts.kv, environment: plan.name, preventDestroy: plan.preventDestroy });
      this.mountPaths.add(vault.mounts.kv);
    }
    this.credentialMetadata = this.renderCredentials(credentials, readersByCredential(accounts));
    const orchestrators = plan.orchestrators ?? [];
    const auth = new AuthBackends(this, "auth", {
      plan,
      accounts,
      ...(orchestrators.length > 0 ? { logins: orchestrators.map((o) => o.auth) } : {}),
    });
    this.serviceAccounts = this.renderLogins(accounts, auth, credentials);
    // Validation refuses each spec that needs AWS IAM auth on OpenBao (consumers, broker rotation); this
    // guards the rest that can create the backend (orchestrators, the library's own functions).
    if (auth.awsIam && vault.edition === "openbao") {
      failAtSynth(auth, [
        {
          specPath: environmentPath(plan.name, "vault", "edition"),
          message:
            "AWS IAM auth is an external plugin on OpenBao, not built in; use jwt or kubernetes auth for these logins, or register the plugin and switch edition",
        },
      ]);
    }
    this.renderDescription(auth, credentials);
  }

  /** Each credential's metadata and what its source needs (engine mount and role), under `connector-<id>/<credential>`. */
  private renderCredentials(
    credentials: readonly CredentialPlan[],
    readers: ReadonlyMap<string, ServiceAccountPlan[]>,
  ): Map<string, CredentialMetadata> {
    const metadata = new Map<string, CredentialMetadata>();
    const connectorScopes = new Map<string, Construct>();
    for (const credential of credentials) {
      let connectorScope = connectorScopes.get(credential.connectorId);
      if (!connectorScope) {
        connectorScope = new Construct(this, constructIds.connector(credential.connectorId));
        connectorScopes.set(credential.connectorId, connectorScope);
      }
      const scope = new Construct(connectorScope, credential.name);
      metadata.set(credential.id, new CredentialMetadata(scope, "metadata", { credential, kv: this.kv!.config }));
      this.renderSource(scope, credential, readers.get(credential.id) ?? [], credentials);
    }
    return metadata;
  }

  /** The engine a credential's source needs (created once per environment) and the credential's role on it. */
  private renderSource(
    scope: Construct,
    credential: CredentialPlan,
    consumers: ServiceAccountPlan[],
    credentials: readonly CredentialPlan[],
  ): void {
    const plan = this.plan;
    const vault = plan.vault!;
    const preventDestroy = plan.preventDestroy;
    switch (credentialSource(credential)) {
      case "database-dynamic":
      case "database-static": {
        const engine = this.engine(
          "database",
          () =>
            new SecretsMount(this, "database", {
              path: vault.mounts.database,
              type: "database",
              description: `Dynamic and rotated database credentials of ${plan.name}`,
              preventDestroy,
            }),
        );
        new DatabaseConnection(scope, "database", {
          mount: vault.mounts.database,
          mountReady: engine.mount,
          credential,
          consumers,
          humanRole: plan.production && credentialSource(credential) === "database-dynamic",
        });
        break;
      }
      case "pki": {
        const engine = vault.pkiExternal
          ? undefined
          : this.engine(
              "pki",
              () =>
                new SecretsMount(this, "pki", {
                  path: vault.mounts.pki,
                  type: "pki",
                  description: `Client certificates of ${plan.name} (issuer imported by an operator)`,
                  maxLeaseTtlSeconds: Math.max(...credentials.filter((c) => credentialSource(c) === "pki").map(certificateTtlSeconds)),
                  preventDestroy,
                }),
            );
        if (vault.pkiExternal) this.mountPaths.add(vault.mounts.pki);
        new PkiRole(scope, "pki", { mount: vault.mounts.pki, mountReady: engine?.mount, credential });
        break;
      }
      case "ssh-signed": {
        const engine = this.engine(
          "ssh",
          () => new SshEngine(this, "ssh", { path: vault.mounts.ssh, environment: plan.name, preventDestroy }),
        );
        new SshRoles(scope, "ssh", { engine, credential, consumers });
        break;
      }
      // OpenBao without the cloud engines, a dynamic AWS key without environments[].aws, a dynamic key of
      // another provider: validation refuses each (lib/inventory/cross-field/stores.ts), so none reaches a plan.
      case "aws-dynamic": {
        if (!plan.aws) break;
        const engine = this.engine(
          "aws",
          () => new AwsEngine(this, "aws", { path: vault.mounts.aws, environment: plan.name, region: plan.aws?.region, preventDestroy }),
        );
        new AwsEngineRole(scope, "aws", { engine, credential, roleArn: vaultEngineRoleArn(plan, credential) });
        break;
      }
      case "gcp-dynamic": {
        if (credential.credential.type !== "cloud-service-account-key") break;
        const engine = this.engine(
          "gcp",
          () => new GcpEngine(this, "gcp", { path: vault.mounts.gcp, environment: plan.name, preventDestroy }),
        );
        new GcpRoleset(scope, "gcp", { engine, credential });
        break;
      }
      case "none":
      case "kv":
        break;
    }
  }

  /**
   * Who logs in, and with what policy: one service account per consumer, the trusted orchestrators,
   * people (production), and the library's own functions (key broker, static-role watcher, reminders).
   */
  private renderLogins(
    accounts: readonly ServiceAccountPlan[],
    auth: AuthBackends,
    credentials: readonly CredentialPlan[],
  ): Map<string, ServiceAccount> {
    const plan = this.plan;
    const serviceAccounts = new Map<string, ServiceAccount>();
    for (const account of accounts) {
      serviceAccounts.set(account.id, new ServiceAccount(this, constructIds.serviceAccount(account.id), { plan, account, auth }));
    }
    // Trusted orchestrators: mint wrapped, single-use secret ids for the AppRole consumers they list.
    for (const orchestrator of plan.orchestrators ?? [])
      new OrchestratorAccess(this, constructIds.orchestrator(orchestrator.id), { plan, orchestrator, auth });

    if (plan.production && credentials.length > 0) new HumanAccess(this, "people", { plan });
    const rotation = rotationPolicyDocument(plan);
    const rotationPolicy = rotation.rules.length > 0 ? new VaultPolicy(this, "key-broker-policy", { document: rotation }) : undefined;
    new VaultBrokerLogin(this, "key-broker-login", { plan, auth, policy: rotationPolicy });
    new RotationWatchLogin(this, "rotation-watch-login", { plan, auth });
    new RemindersLogin(this, "reminders-login", { plan, auth });
    return serviceAccounts;
  }

  /** The auditor's and the drill identity's access, and the local that describes the environment's boundary. */
  private renderDescription(auth: AuthBackends, credentials: readonly CredentialPlan[]): void {
    const plan = this.plan;
    const vault = plan.vault!;
    const orchestrators = plan.orchestrators ?? [];
    const authMounts = [
      auth.approle?.path,
      auth.awsIam?.path,
      ...[...auth.kubernetes.values()].map((m) => m.path),
      ...[...auth.jwt.values()].map((m) => m.path),
    ].filter((p): p is string => !!p);
    new AuditorAccess(this, "auditor", {
      plan,
      scope: {
        ...(this.kv && { kv: vault.mounts.kv }),
        ...(this.engines.has("database") && { database: vault.mounts.database }),
        ...(auth.approle && { approle: auth.approle.path }),
        authMounts: [...authMounts].sort(),
      },
    });
    // The drill identity: non-production tiers only (TierClass.drillIdentity), when something is drillable.
    if (hasVaultDrillIdentity(plan)) new DrillAccess(this, "drill", { plan });
    new TerraformLocal(this, ENVIRONMENT_DESCRIPTION_LOCAL, {
      environment: plan.name,
      production: plan.production,
      isolation: vault.isolation,
      boundary: vault.isolation === "namespace" ? vault.namespace : vault.mountPrefix,
      secret_mounts: [...this.mountPaths].sort(),
      auth_mounts: authMounts.sort(),
      quarantined: [...new Set(credentials.filter((c) => c.quarantined).map((c) => c.id))].sort(),
      critical_human_reads: plan.approvals
        ? credentials
            .filter((c) => SENSITIVITY_CLASSES[c.register.sensitivity].humanReadControlGroup)
            .map((c) => c.id)
            .sort()
        : [],
      // Each orchestrator's policy with the AppRole roles it may mint for (ETL-VAULT-003 accepts exactly those mints).
      ...(orchestrators.length > 0
        ? { orchestrators: Object.fromEntries(orchestrators.map((o) => [o.policyName, o.mints.map((m) => m.roleName)])) }
        : {}),
    }).overrideLogicalId(ENVIRONMENT_DESCRIPTION_LOCAL);
  }

  private engine<T extends Construct>(key: string, create: () => T): T {
    let engine = this.engines.get(key) as T | undefined;
    if (!engine) {
      engine = create();
      this.engines.set(key, engine);
      const vault = this.plan.vault!;
      const paths: Record<string, string> = {
        database: vault.mounts.database,
        pki: vault.mounts.pki,
        ssh: vault.mounts.ssh,
        aws: vault.mounts.aws,
        gcp: vault.mounts.gcp,
      };
      this.mountPaths.add(paths[key]);
    }
    return engine;
  }
}

/** The service accounts that read each credential, by credential id (in account order). */
function readersByCredential(accounts: readonly ServiceAccountPlan[]): Map<string, ServiceAccountPlan[]> {
  const readers = new Map<string, ServiceAccountPlan[]>();
  for (const account of accounts) {
    for (const grant of account.grants) {
      const list = readers.get(grant.credentialId) ?? [];
      list.push(account);
      readers.set(grant.credentialId, list);
    }
  }
  return readers;
}

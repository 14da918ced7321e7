import { AuthBackend } from "@cdktf/provider-vault/lib/auth-backend";
import { JwtAuthBackend } from "@cdktf/provider-vault/lib/jwt-auth-backend";
import { KubernetesAuthBackendConfig } from "@cdktf/provider-vault/lib/kubernetes-auth-backend-config";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { planVaultStaticWatch } from "../../plan/vault-static-watch";
import { planReminders } from "../../plan/reminder-plan";
import type { EnvironmentPlan, ServiceAccountPlan } from "../../plan/types";
import type { ConsumerAuth } from "../../inventory/model";
import { constructIds } from "../../plan/construct-ids";

export interface AuthBackendsProps {
  readonly plan: EnvironmentPlan;
  /** The Vault service accounts; only the backends they use are mounted. */
  readonly accounts: readonly ServiceAccountPlan[];
  /** Other logins that need their method's backend (trusted orchestrators). @default none */
  readonly logins?: readonly ConsumerAuth[];
}

/** An auth mount and what must exist before roles are written to it. */
export interface AuthMount {
  readonly path: string;
  readonly ready: ITerraformDependable;
}

/**
 * The environment's auth backends, one per method in use (one JWT mount per issuer, one
 * Kubernetes mount per cluster), configured from the spec's settings where given.
 *
 * No secret ever passes through Terraform: Kubernetes gets no reviewer JWT (Vault uses its own
 * service account when it runs in the cluster, else each client's JWT as its own reviewer), AWS
 * auth gets no access keys (Vault's own cloud identity). A backend left unconfigured because the
 * spec lacks a setting (Kubernetes host, JWT issuer not listed in vault.auth.jwt) is reported as a
 * warning by check ETL-VAULT-007.
 */
export class AuthBackends extends Construct {
  readonly approle?: AuthMount;
  readonly awsIam?: AuthMount;
  readonly kubernetes: ReadonlyMap<string, AuthMount>;
  readonly jwt: ReadonlyMap<string, AuthMount>;

  // long-function: declares one auth mount per login method the environment uses (approle, aws, kubernetes per cluster, jwt per issuer), in the order the ledger locks, sharing the mount helper
  constructor(scope: Construct, id: string, props: AuthBackendsProps) {
    super(scope, id);
    const vault = props.plan.vault;
    if (!vault) throw new Error(`environment ${props.plan.name} has no Vault settings`);
    const preventDestroy = props.plan.preventDestroy;
    const logins = [...props.accounts.map((a) => a.auth), ...(props.logins ?? [])];
    const methods = new Set(logins.map((a) => a.method));
    const mount = (constructId: string, type: string, path: string, description: string): AuthBackend =>
      new AuthBackend(this, constructId, { type, path, description, lifecycle: { preventDestroy } });

    if (methods.has("approle")) {
      const backend = mount("approle", "approle", vault.mounts.approle, `ETL jobs of ${props.plan.name} (AppRole)`);
      this.approle = { path: vault.mounts.approle, ready: backend };
    }
    // Also the key-broker rotation function's login (vault-broker-login.ts), the static-role watcher's (rotation-watch-login.ts) and the reminder checker's (reminders-login.ts).
    if (
      methods.has("aws-iam") ||
      props.plan.aws?.vaultBrokerRotation !== undefined ||
      planVaultStaticWatch(props.plan) !== undefined ||
      planReminders(props.plan)?.vault !== undefined
    ) {
      const backend = mount(
        "aws-iam",
        "aws",
        vault.mounts.awsAuth,
        `ETL jobs of ${props.plan.name} (AWS IAM, verified with Vault's own identity)`,
      );
      this.awsIam = { path: vault.mounts.awsAuth, ready: backend };
    }

    const kubernetes = new Map<string, AuthMount>();
    const clusters = new Set(logins.flatMap((a) => (a.method === "kubernetes" ? [a.cluster ?? "default"] : [])));
    for (const cluster of [...clusters].sort()) {
      const path = vault.mounts.kubernetes[cluster];
      const backend = mount(
        constructIds.kubernetesAuth(cluster),
        "kubernetes",
        path,
        `ETL jobs of ${props.plan.name} on Kubernetes cluster ${cluster}`,
      );
      const settings = vault.authSettings.kubernetes[cluster];
      if (!settings) {
        kubernetes.set(cluster, { path, ready: backend });
        continue;
      }
      const config = new KubernetesAuthBackendConfig(this, constructIds.kubernetesAuthConfig(cluster), {
        backend: backend.path,
        kubernetesHost: settings.host,
        kubernetesCaCert: settings.caCert,
        issuer: settings.issuer,
      });
      kubernetes.set(cluster, { path, ready: config });
    }
    this.kubernetes = kubernetes;

    const jwt = new Map<string, AuthMount>();
    const issuers = new Set(logins.flatMap((a) => (a.method === "jwt" ? [a.issuer] : [])));
    for (const issuer of [...issuers].sort()) {
      const path = vault.mounts.jwt[issuer];
      const settings = vault.authSettings.jwt[issuer];
      const constructId = constructIds.jwtAuth(path);
      const description = `ETL jobs of ${props.plan.name} with identity tokens of ${issuer}`;
      if (!settings) {
        // Listed nowhere in vault.auth.jwt: mounted, not configured (ETL-VAULT-007 warns).
        jwt.set(issuer, { path, ready: mount(constructId, "jwt", path, description) });
        continue;
      }
      const backend = new JwtAuthBackend(this, constructId, {
        path,
        type: "jwt",
        description,
        boundIssuer: issuer,
        ...(settings.publicKeys
          ? { jwtValidationPubkeys: [...settings.publicKeys] }
          : settings.jwksUrl
            ? { jwksUrl: settings.jwksUrl }
            : { oidcDiscoveryUrl: settings.discoveryUrl ?? issuer }),
        lifecycle: { preventDestroy },
      });
      jwt.set(issuer, { path, ready: backend });
    }
    this.jwt = jwt;
  }
}

/*
 * Trusted orchestrators (issue 15, secret-id delivery): per environment, the orchestrator's own
 * login (an auth role on the mount of its method, like a service account's) and the one thing its
 * policy allows: mint a response-wrapped secret id for each AppRole consumer it lists, and read
 * those roles' role ids. The consumers it delivers to get single-use, short-lived secret ids.
 * Plain data: the policy builder (lib/policy/vault/orchestrator-policy.ts), the construct, the
 * intent and `wire` read it.
 */
import { SENSITIVITY_CLASSES, strictestSensitivity } from "../inventory/class-defaults";
import type { ConsumerAuth, Environment, Inventory, Orchestrator } from "../inventory/model";
import { sortBy } from "./compare";
import { vaultNames, vaultPaths } from "./names";
import type { CredentialPlan, EnvironmentPlan, InventoryPlan, OrchestratorPlan, ServiceAccountPlan, VaultEnvironmentPlan } from "./types";

/**
 * Response wrapping the orchestrator's policy enforces on every mint: at least 1 second (so an
 * unwrapped secret id is refused) and at most 5 minutes (the job starts within that time, or the
 * wrapping token expires unused).
 */
export const ORCHESTRATOR_WRAPPING = Object.freeze({ minSeconds: 1, maxSeconds: 300 });

/**
 * A delivered secret id's own lifetime, at most: long enough to outlive its wrapping (unwrapped at
 * the latest after ORCHESTRATOR_WRAPPING.maxSeconds), short because it is a bearer credential. The
 * consumer's class may ask for less.
 */
export const DELIVERED_SECRET_ID_TTL_SECONDS = 600;

/**
 * Request parameters the orchestrator may send when minting: `metadata` only (it tags the secret id
 * with the run it starts, for the audit log). It can never widen a secret id: `ttl`, `num_uses`,
 * `cidr_list` and `token_bound_cidrs` are refused (DENIED_MINT_PARAMETERS), so the role's bounds apply.
 */
export const ALLOWED_MINT_PARAMETERS = Object.freeze(["metadata"] as const);
export const DENIED_MINT_PARAMETERS = Object.freeze(["cidr_list", "num_uses", "token_bound_cidrs", "ttl"] as const);

/** Declared in types.ts (the environment plan holds them), so types.ts needs no import of this file. */
export type { OrchestratorMintPlan, OrchestratorPlan } from "./types";

/** The auth mount of a Vault login in an environment (consumers' and orchestrators' alike). */
export function vaultLoginMount(vault: VaultEnvironmentPlan, auth: ConsumerAuth): string | undefined {
  switch (auth.method) {
    case "approle":
      return vault.mounts.approle;
    case "aws-iam":
      return vault.mounts.awsAuth;
    case "kubernetes":
      return vault.mounts.kubernetes[auth.cluster ?? "default"];
    case "jwt":
      return vault.mounts.jwt[auth.issuer];
  }
}

/** Whether an account logs in with AppRole to read something stored in Vault in this environment. */
export function isVaultAppRoleAccount(credentials: readonly CredentialPlan[], account: ServiceAccountPlan): boolean {
  if (account.auth.method !== "approle") return false;
  const inVault = new Set(credentials.filter((c) => c.vault !== undefined && !c.destroyed).map((c) => c.id));
  return account.grants.some((g) => inVault.has(g.credentialId));
}

/** Whether an orchestrator may exist in an environment (its `environments`, or anywhere by default). */
function declaredIn(orchestrator: Orchestrator, environment: Environment): boolean {
  return orchestrator.environments === undefined || orchestrator.environments.includes(environment.name);
}

/**
 * The orchestrators of one environment: those declared for it whose consumers have AppRoles there
 * (`serviceAccounts` as planned before delivery bounds), sorted by id.
 */
export function planOrchestrators(
  inventory: Inventory,
  environment: Environment,
  vault: VaultEnvironmentPlan | undefined,
  credentials: readonly CredentialPlan[],
  serviceAccounts: readonly ServiceAccountPlan[],
): OrchestratorPlan[] {
  if (!vault || !inventory.orchestrators) return [];
  const appRoles = new Map(serviceAccounts.filter((a) => isVaultAppRoleAccount(credentials, a)).map((a) => [a.id, a]));
  const plans: OrchestratorPlan[] = [];
  for (const orchestrator of inventory.orchestrators) {
    if (!declaredIn(orchestrator, environment)) continue;
    const accounts = [...new Set(orchestrator.mintsFor)].flatMap((id) => {
      const account = appRoles.get(id);
      return account && id !== orchestrator.id ? [account] : [];
    });
    if (accounts.length === 0) continue;
    const authMount = vaultLoginMount(vault, orchestrator.auth);
    if (authMount === undefined) continue;
    const limits = SENSITIVITY_CLASSES[strictestSensitivity(accounts.map((a) => a.sensitivity))];
    const auth = orchestrator.auth;
    plans.push({
      id: orchestrator.id,
      descriptions: orchestrator.description ? [orchestrator.description] : [],
      auth,
      authMount,
      authRole: vaultNames.orchestratorAuthRole(orchestrator.id),
      policyName: vaultNames.orchestratorPolicy(environment.name, orchestrator.id),
      tokenTtlSeconds: limits.leaseDefaultSeconds,
      tokenMaxTtlSeconds: limits.leaseMaxSeconds,
      ...(auth.method === "approle"
        ? {
            approle: {
              secretIdTtlSeconds: Math.min(limits.secretIdTtlSeconds, DELIVERED_SECRET_ID_TTL_SECONDS),
              secretIdUses: 1,
              cidrs: [...(auth.cidrs ?? [])].sort(),
            },
          }
        : {}),
      approleMount: vault.mounts.approle,
      mints: sortBy(accounts, (a) => a.id).map((account) => {
        const roleName = vaultNames.authRole(account.id);
        return {
          consumerId: account.id,
          roleName,
          secretIdPath: vaultPaths.approleSecretId(vault.mounts.approle, roleName),
          roleIdPath: vaultPaths.approleRoleId(vault.mounts.approle, roleName),
        };
      }),
      wrapping: { minSeconds: ORCHESTRATOR_WRAPPING.minSeconds, maxSeconds: ORCHESTRATOR_WRAPPING.maxSeconds },
      allowedParameters: [...ALLOWED_MINT_PARAMETERS],
      deniedParameters: [...DENIED_MINT_PARAMETERS],
    });
  }
  return sortBy(plans, (p) => p.id);
}

/**
 * The service accounts with delivery bounds applied: every AppRole consumer an orchestrator of the
 * environment mints for gets single-use secret ids that live at most DELIVERED_SECRET_ID_TTL_SECONDS,
 * and names the orchestrators that deliver them. Other accounts are returned as they are.
 */
export function withDeliveryBounds(
  serviceAccounts: readonly ServiceAccountPlan[],
  orchestrators: readonly OrchestratorPlan[],
): ServiceAccountPlan[] {
  if (orchestrators.length === 0) return [...serviceAccounts];
  const deliverers = new Map<string, string[]>();
  for (const orchestrator of orchestrators) {
    for (const mint of orchestrator.mints) deliverers.set(mint.consumerId, [...(deliverers.get(mint.consumerId) ?? []), orchestrator.id]);
  }
  return serviceAccounts.map((account) => {
    const by = deliverers.get(account.id);
    if (!by || !account.approle) return account;
    return {
      ...account,
      approle: {
        ...account.approle,
        secretIdTtlSeconds: Math.min(account.approle.secretIdTtlSeconds, DELIVERED_SECRET_ID_TTL_SECONDS),
        secretIdUses: 1,
        deliveredBy: [...by].sort(),
      },
    };
  });
}

/** Kubernetes clusters and JWT issuers the orchestrators of an environment may log in through (for its mount names). */
export function orchestratorAuthSources(inventory: Inventory, environment: Environment): { clusters: string[]; issuers: string[] } {
  const clusters: string[] = [];
  const issuers: string[] = [];
  for (const orchestrator of inventory.orchestrators ?? []) {
    if (!declaredIn(orchestrator, environment)) continue;
    if (orchestrator.auth.method === "kubernetes") clusters.push(orchestrator.auth.cluster ?? "default");
    if (orchestrator.auth.method === "jwt") issuers.push(orchestrator.auth.issuer);
  }
  return { clusters, issuers };
}

/** What an orchestrator's job needs to deliver secret ids in one environment: names and paths, never a secret. */
export interface OrchestratorWiring {
  readonly orchestrator: string;
  readonly environment: string;
  readonly vault: {
    readonly address: string;
    /** The environment's namespace (isolation: namespace). */
    readonly namespace?: string;
  };
  /** How the orchestrator logs in: its method, mount and role. */
  readonly login: {
    readonly method: ConsumerAuth["method"];
    readonly mount: string;
    readonly role: string;
    /** `auth/<mount>/login` */
    readonly path: string;
  };
  readonly policy: string;
  /** Response wrapping each mint must ask for (`X-Vault-Wrap-TTL`), in seconds. */
  readonly wrapping: { readonly minSeconds: number; readonly maxSeconds: number };
  /** Request parameters a mint may carry. */
  readonly allowedParameters: readonly string[];
  /** Per consumer, sorted: where to read the role id and mint a wrapped secret id, and where the job logs in. */
  readonly consumers: readonly {
    readonly consumer: string;
    readonly roleIdPath: string;
    readonly secretIdPath: string;
    readonly loginPath: string;
    /** How long the unwrapped secret id lives, and how often it may be used (once). */
    readonly secretIdTtlSeconds: number;
    readonly secretIdUses: number;
  }[];
}

/**
 * The non-secret facts an orchestrator's job needs in one environment (for `etl-secrets wire`):
 * its login, the wrapping bounds, and each consumer's role-id and secret-id paths. Throws when the
 * orchestrator does not exist in that environment.
 */
export function orchestratorWiring(plan: InventoryPlan | EnvironmentPlan, orchestratorId: string, environment: string): OrchestratorWiring {
  const env = "environments" in plan ? plan.environments.find((e) => e.name === environment) : plan.name === environment ? plan : undefined;
  if (!env) throw new Error(`environment ${JSON.stringify(environment)} is not in the plan`);
  const orchestrator = env.orchestrators?.find((o) => o.id === orchestratorId);
  if (!orchestrator || !env.vault)
    throw new Error(`orchestrator ${JSON.stringify(orchestratorId)} does not exist in environment ${JSON.stringify(environment)}`);
  const accounts = new Map(env.serviceAccounts.map((a) => [a.id, a]));
  return {
    orchestrator: orchestrator.id,
    environment: env.name,
    vault: {
      address: env.vault.address,
      ...(env.vault.isolation === "namespace" && env.vault.namespace ? { namespace: env.vault.namespace } : {}),
    },
    login: {
      method: orchestrator.auth.method,
      mount: orchestrator.authMount,
      role: orchestrator.authRole,
      path: `auth/${orchestrator.authMount}/login`,
    },
    policy: orchestrator.policyName,
    wrapping: { ...orchestrator.wrapping },
    allowedParameters: [...orchestrator.allowedParameters],
    consumers: orchestrator.mints.map((mint) => {
      const approle = accounts.get(mint.consumerId)?.approle;
      return {
        consumer: mint.consumerId,
        roleIdPath: mint.roleIdPath,
        secretIdPath: mint.secretIdPath,
        loginPath: vaultPaths.approleLogin(orchestrator.approleMount),
        secretIdTtlSeconds: approle?.secretIdTtlSeconds ?? DELIVERED_SECRET_ID_TTL_SECONDS,
        secretIdUses: approle?.secretIdUses ?? 1,
      };
    }),
  };
}

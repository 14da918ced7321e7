import { VAULT_WATCH_SOURCE } from "../rotation/vault/watch-contract";
import { byText } from "./compare";
import { credentialSource } from "./credential-source";
import { awsNames, vaultClusterKey, vaultNames } from "./names";
import { pseudoTargetNames, VAULT_WATCH_KEY } from "./notifier-names";
import type { CredentialPlan, EnvironmentPlan } from "./types";
import { jsonLength } from "./json-length";
import { EVENTBRIDGE_INPUT_MAX_CHARS, hashParts } from "./vault-broker-rotation";
import { constructIds } from "./construct-ids";

/*
 * The Vault static-role watcher of one environment (issue 14 part 2): Vault rotates database static
 * roles on its own and tells AWS nothing; a function run every 15 minutes reads each role's
 * `last_vault_rotation` and announces the rotations of the last window on the environment's
 * RotationSucceeded topic, and missed rotations on its alarm topic.
 */

/** How often the watcher runs; each run looks at one window of this length (lib/rotation/vault/static-role-watch.ts). */
export const VAULT_WATCH_INTERVAL_SECONDS = 900;
export const VAULT_WATCH_SCHEDULE = "rate(15 minutes)";
/** The input transformer's placeholder for the scheduled event's time. */
export const VAULT_WATCH_TIME_PLACEHOLDER = "<time>";

export interface VaultStaticWatchRolePlan {
  readonly credentialId: string;
  readonly connector: string;
  readonly credential: string;
  readonly dbMount: string;
  readonly role: string;
  /** `<dbMount>/static-roles/<role>`: the only path the watcher's Vault policy reads. */
  readonly path: string;
}

/** One EventBridge rule: all roles, or one hash part of them when the input would be too long. */
export interface VaultStaticWatchPartPlan {
  /** Construct id: `watch`, or `watch-part-<n>`. */
  readonly id: string;
  readonly ruleName: string;
  /** Sorted credential ids. */
  readonly credentialIds: readonly string[];
}

export interface VaultStaticWatchPlan {
  readonly functionName: string;
  readonly roleName: string;
  readonly logGroupName: string;
  readonly deadLetterQueueName: string;
  /** The function's execution role as Vault's AWS auth binds it (no IAM path). */
  readonly roleArn: string;
  readonly authMount: string;
  readonly authRole: string;
  readonly policyName: string;
  readonly vaultAddress: string;
  readonly namespace?: string;
  /** `vaultClusterKey(vaultAddress)`: the first segment of every location the watcher announces. */
  readonly vaultCluster: string;
  readonly intervalSeconds: number;
  readonly scheduleExpression: string;
  /** Sorted by credential id. */
  readonly roles: readonly VaultStaticWatchRolePlan[];
  /** Sorted by id. */
  readonly parts: readonly VaultStaticWatchPartPlan[];
}

/** Vault database static roles the environment's Vault rotates. */
export function isVaultStaticRole(credential: CredentialPlan): boolean {
  return credential.store === "vault" && !credential.destroyed && credentialSource(credential) === "database-static";
}

/**
 * Why an environment with Vault static roles gets no watcher, or undefined when it gets one or has
 * none to watch. The watcher needs an AWS account (to run), Vault's built-in AWS auth (to log in;
 * an external plugin on OpenBao) and the environment's RotationSucceeded topic (which exists where
 * the environment has Secrets Manager secrets).
 */
export function vaultStaticWatchGap(plan: EnvironmentPlan): string | undefined {
  if (!plan.vault || !plan.credentials.some(isVaultStaticRole)) return undefined;
  if (!plan.aws) return "the environment has no AWS account to run the static-role watcher in";
  if (plan.vault.edition === "openbao") return "OpenBao has no built-in AWS auth for the static-role watcher to log in with";
  if (plan.aws.secrets.length === 0) return "the environment has no RotationSucceeded topic (it exists beside Secrets Manager secrets)";
  return undefined;
}

/** The watcher of an environment, or undefined when it has no static role to watch or cannot run one (vaultStaticWatchGap says why). */
export function planVaultStaticWatch(plan: EnvironmentPlan): VaultStaticWatchPlan | undefined {
  if (watchPlans.has(plan)) return watchPlans.get(plan);
  const watch = planOnce(plan);
  watchPlans.set(plan, watch);
  return watch;
}

const watchPlans = new WeakMap<EnvironmentPlan, VaultStaticWatchPlan | undefined>();

function planOnce(plan: EnvironmentPlan): VaultStaticWatchPlan | undefined {
  const vault = plan.vault;
  const aws = plan.aws;
  if (!vault || !aws || vaultStaticWatchGap(plan) !== undefined) return undefined;
  const roles: VaultStaticWatchRolePlan[] = plan.credentials
    .filter(isVaultStaticRole)
    .map((c) => {
      const role = vaultNames.staticRole(c.connectorId, c.name);
      return {
        credentialId: c.id,
        connector: c.connectorId,
        credential: c.name,
        dbMount: vault.mounts.database,
        role,
        path: `${vault.mounts.database}/static-roles/${role}`,
      };
    })
    .sort((a, b) => byText(a.credentialId, b.credentialId));
  if (roles.length === 0) return undefined;

  const names = pseudoTargetNames(plan.organization, plan.name, VAULT_WATCH_KEY);
  const authRole = vaultNames.rotationWatchAuthRole(plan.name);
  const base = {
    ...names,
    roleArn: awsNames.rotationRoleArn(aws.partition, aws.accountId, plan.organization, plan.name, VAULT_WATCH_KEY),
    authMount: vault.mounts.awsAuth,
    authRole,
    policyName: vaultNames.rotationWatchPolicy(plan.name),
    vaultAddress: vault.address,
    ...(vault.namespace ? { namespace: vault.namespace } : {}),
    vaultCluster: vaultClusterKey(vault.address),
    intervalSeconds: VAULT_WATCH_INTERVAL_SECONDS,
    scheduleExpression: VAULT_WATCH_SCHEDULE,
  };
  // Parts by a hash of the credential id (a power of two), never by position: a new static role
  // moves no other one unless the input outgrows its parts.
  const entryLength = (r: VaultStaticWatchRolePlan) => jsonLength(watchedRole(base, r)) + 1;
  const total = roles.reduce((sum, r) => sum + entryLength(r), 128);
  let count = 1;
  while (total / count > EVENTBRIDGE_INPUT_MAX_CHARS * 0.6) count *= 2;
  const parts: VaultStaticWatchPartPlan[] = [];
  const byPart = hashParts(
    roles.map((r) => r.credentialId),
    count,
  );
  for (let part = 0; part < count; part++) {
    const ids = byPart[part];
    if (ids.length === 0) continue;
    parts.push({
      id: constructIds.staticWatchPart(count === 1 ? undefined : part),
      ruleName: awsNames.vaultRotationWatch(plan.organization, plan.name, count === 1 ? undefined : part),
      credentialIds: ids,
    });
  }
  return { ...base, roles, parts };
}

/** One role as the watcher's event lists it (VaultWatchedStaticRole of lib/rotation/vault/watch-contract.ts). */
export function watchedRole(
  watch: Pick<VaultStaticWatchPlan, "vaultAddress" | "namespace" | "authMount" | "authRole">,
  role: VaultStaticWatchRolePlan,
): Record<string, string> {
  return {
    connector: role.connector,
    credential: role.credential,
    vaultAddress: watch.vaultAddress,
    ...(watch.namespace ? { namespace: watch.namespace } : {}),
    dbMount: role.dbMount,
    role: role.role,
    authMount: watch.authMount,
    authRole: watch.authRole,
  };
}

/**
 * The input template of one part's rule target: the event's constant part, with `time` left to
 * EventBridge's input transformer (`"time": <time>`, filled with the scheduled event's `$.time` as a
 * JSON string). Keys in the order of VaultWatchEvent.
 */
export function watchInputTemplate(watch: VaultStaticWatchPlan, part: VaultStaticWatchPartPlan): string {
  const byId = new Map(watch.roles.map((r) => [r.credentialId, r]));
  const roles = part.credentialIds.map((id) => watchedRole(watch, byId.get(id)!));
  return `{"source":${JSON.stringify(VAULT_WATCH_SOURCE)},"time":${VAULT_WATCH_TIME_PLACEHOLDER},"intervalSeconds":${watch.intervalSeconds},"roles":${JSON.stringify(roles)}}`;
}

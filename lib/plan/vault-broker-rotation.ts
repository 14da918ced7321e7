import { SENSITIVITY_CLASSES } from "../inventory/class-defaults";
import { byText } from "./compare";
import { jsonLength } from "./json-length";
import { awsNames, vaultNames } from "./names";
import type { CredentialPlan, EnvironmentPlan } from "./types";
import type { VaultBrokerCredentialPlan, VaultBrokerRotationPlan, VaultBrokerSchedulePlan } from "./vault-broker-types";
import { constructIds } from "./construct-ids";

export type { VaultBrokerCredentialPlan, VaultBrokerRotationPlan, VaultBrokerSchedulePlan } from "./vault-broker-types";

/** The rotation function target that rotates broker credentials, Vault-stored ones included. */
export const VAULT_BROKER_ROTATION_TARGET = "key-broker";

/** EventBridge limits: rules per event bus, and characters of a target's constant input. */
export const EVENTBRIDGE_RULES_PER_BUS = 300;
export const EVENTBRIDGE_INPUT_MAX_CHARS = 8192;

/** Broker-rotated credentials whose value lives in the environment's Vault KV. */
export function isVaultBrokerRotated(credential: CredentialPlan): boolean {
  return (
    credential.store === "vault" &&
    !!credential.vault?.storedInKv &&
    !credential.destroyed &&
    credential.rotation.mode === "broker" &&
    credential.rotation.enabled &&
    !!credential.rotation.endpoint
  );
}

/** What the broker rotation plan reads: the environment plan without its AWS detail. */
export type VaultBrokerRotationInput = Pick<EnvironmentPlan, "organization" | "name" | "vault" | "credentials"> & {
  readonly aws?: Pick<NonNullable<EnvironmentPlan["aws"]>, "partition" | "accountId">;
};

/**
 * Who rotates the environment's Vault-stored broker credentials and when: the key-broker rotation
 * function (AWS side, created for this when no AWS-stored credential needs it), invoked per period by
 * an EventBridge rule, logging in with Vault's AWS auth. Undefined when there is nothing to rotate or
 * the environment has no AWS account to run the function in. Planned once per environment
 * (lib/plan/environment-plan.ts); everyone else reads `plan.aws?.vaultBrokerRotation`.
 */
export function planVaultBrokerRotation(plan: VaultBrokerRotationInput): VaultBrokerRotationPlan | undefined {
  const vault = plan.vault;
  const aws = plan.aws;
  if (!vault || !aws) return undefined;
  const credentials: VaultBrokerCredentialPlan[] = plan.credentials
    .filter(isVaultBrokerRotated)
    .map((c) => ({
      credentialId: c.id,
      days: c.quarantined ? 1 : (c.rotation.days ?? SENSITIVITY_CLASSES[c.register.sensitivity].rotationDefaultDays),
      kvMount: vault.mounts.kv,
      key: c.vault!.key,
      dataPath: c.vault!.dataPath,
      metadataPath: c.vault!.metadataPath,
      endpoint: c.rotation.endpoint!,
      ...(c.credential.type === "key-pair" && { keyPair: { algorithm: c.credential.algorithm, slots: c.credential.rotation?.slots ?? 2 } }),
    }))
    .sort((a, b) => byText(a.credentialId, b.credentialId));
  if (credentials.length === 0) return undefined;

  const authRole = vaultNames.rotationAuthRole(plan.name);
  const entryLength = (c: VaultBrokerCredentialPlan) =>
    jsonLength({
      vaultAddress: vault.address,
      namespace: vault.namespace,
      kvMount: c.kvMount,
      key: c.key,
      endpoint: c.endpoint,
      authMount: vault.mounts.awsAuth,
      role: authRole,
      keyPair: c.keyPair,
    }) + 1;
  const schedules: VaultBrokerSchedulePlan[] = [];
  for (const days of [...new Set(credentials.map((c) => c.days))].sort((a, b) => a - b)) {
    const members = credentials.filter((c) => c.days === days);
    const total = members.reduce((sum, c) => sum + entryLength(c), 64);
    // Parts by a hash of the credential key (a power of two), never by list position: adding a
    // credential moves no other one unless the period outgrows its parts.
    let parts = 1;
    while (total / parts > EVENTBRIDGE_INPUT_MAX_CHARS * 0.6) parts *= 2;
    const byPart = hashParts(
      members.map((c) => c.credentialId),
      parts,
    );
    for (let part = 0; part < parts; part++) {
      const ids = byPart[part];
      if (ids.length === 0) continue;
      schedules.push({
        id: constructIds.brokerSchedule(days, parts === 1 ? undefined : part),
        ruleName: awsNames.vaultRotationSchedule(plan.organization, plan.name, days, parts === 1 ? undefined : part),
        days,
        credentialIds: ids,
      });
    }
  }
  return {
    target: VAULT_BROKER_ROTATION_TARGET,
    roleArn: awsNames.rotationRoleArn(aws.partition, aws.accountId, plan.organization, plan.name, VAULT_BROKER_ROTATION_TARGET),
    authMount: vault.mounts.awsAuth,
    authRole,
    policyName: vaultNames.rotationPolicy(plan.name),
    vaultAddress: vault.address,
    namespace: vault.namespace,
    credentials,
    schedules,
  };
}

/**
 * The ids of each of `parts` hash parts (by `bucket`), in the order given; empty parts are empty
 * lists. One pass, each id hashed once.
 */
export function hashParts(ids: readonly string[], parts: number): string[][] {
  const out: string[][] = Array.from({ length: parts }, () => []);
  if (parts === 1) out[0].push(...ids);
  else for (const id of ids) out[bucket(id, parts)].push(id);
  return out;
}

/** Which of `parts` hash parts a key falls in (FNV-1a): stable as other keys come and go. */
export function bucket(text: string, parts: number): number {
  let hash = 0x811c9dc5;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash % parts;
}

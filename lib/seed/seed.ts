import { planEnvironment } from "../plan/environment-plan";
import { secretsManagerName } from "../plan/names";
import type { CredentialPlan } from "../plan/types";
import type { Inventory } from "../inventory/model";
import { SeedError } from "./errors";
import { nothingToSeed, parseSeedValue, seededFlagReminder, withRecordToolFields, type SeedRecord } from "./seed-value";
import { writeSecretsManager, type SecretsManagerSeedClient } from "./secrets-manager";
import { keyPairFingerprint, PUBLIC_KEY_FINGERPRINT_KEY } from "./public-key-fingerprint";
import { patchVaultCustomMetadata, writeVaultKv } from "./vault-kv";

export interface SeedRequest {
  readonly inventory: Inventory;
  readonly connectorId: string;
  readonly environment: string;
  /** @default "main" */
  readonly credentialName?: string;
  /** What stdin held. */
  readonly raw: string;
  /** Write a new version over an existing value. @default false */
  readonly overwrite?: boolean;
}

export interface SeedDependencies {
  /** The Vault token (VAULT_TOKEN or ~/.vault-token), read only when the store is Vault. */
  vaultToken(): string | undefined;
  /** Overrides the plan's Vault address (a tunnel, a test server). @default the plan's address */
  readonly vaultAddress?: string;
  readonly fetch?: typeof fetch;
  secretsManager(region: string): SecretsManagerSeedClient;
}

export interface SeedOutcome {
  readonly store: "vault" | "aws";
  /** KV data path (with namespace) or secret name. */
  readonly location: string;
  /** KV version number or Secrets Manager version id. */
  readonly version: string;
  /** What the user still has to do (set `seeded: true`...). */
  readonly reminders: readonly string[];
  /** key-pair: `SHA256:<base64>` of the public key, recorded in the KV metadata or as a secret tag. */
  readonly publicKeyFingerprint?: string;
}

/** Finds the credential's plan in the environment, refusing what may not be seeded, by name. */
export function seedTarget(inventory: Inventory, connectorId: string, environmentName: string, credentialName: string): CredentialPlan {
  const connector = inventory.connectors.find((c) => c.id === connectorId);
  if (!connector)
    throw new SeedError(
      `no connector "${connectorId}" in the inventory (known: ${inventory.connectors
        .map((c) => c.id)
        .sort()
        .join(", ")})`,
      "usage",
    );
  const environment = inventory.environments.find((e) => e.name === environmentName);
  if (!environment)
    throw new SeedError(
      `no environment "${environmentName}" in the inventory (known: ${inventory.environments.map((e) => e.name).join(", ")})`,
      "usage",
    );
  if (!(environmentName in connector.environments)) {
    throw new SeedError(
      `connector "${connectorId}" does not exist in ${environmentName} (it lives in: ${Object.keys(connector.environments).join(", ")})`,
      "usage",
    );
  }
  if (connector.lifecycle.state === "quarantined") {
    throw new SeedError(
      `connector "${connectorId}" is quarantined: its credential is presumed compromised and nobody may read it; reissue it first, set lifecycle.state: active, synth and apply, then seed`,
    );
  }
  if (connector.lifecycle.state === "retired") throw new SeedError(`connector "${connectorId}" is retired: nothing may be seeded into it`);
  if (!(credentialName in connector.credentials)) {
    throw new SeedError(
      `connector "${connectorId}" has no credential "${credentialName}" (it has: ${Object.keys(connector.credentials).join(", ")}); choose one with --credential`,
      "usage",
    );
  }
  const plan = planEnvironment(inventory, environment).credentials.find((c) => c.connectorId === connectorId && c.name === credentialName);
  if (!plan) throw new SeedError(`connector "${connectorId}" has no credential "${credentialName}" in ${environmentName}`, "usage");
  const nothing = nothingToSeed(plan);
  if (nothing) throw new SeedError(`${plan.id} (${plan.type}) in ${environmentName}: ${nothing}`);
  if (plan.store === "vault" && !plan.vault)
    throw new SeedError(`${environmentName} has no Vault store, but ${connectorId} keeps its credentials in Vault`, "usage");
  if (plan.store === "aws" && !plan.aws)
    throw new SeedError(`${environmentName} has no AWS store, but ${connectorId} keeps its credentials in Secrets Manager`, "usage");
  return plan;
}

/**
 * Writes a first value into the credential's store at run time, never through Terraform. Refuses
 * quarantined and retired connectors, kinds with nothing to seed and existing values (unless
 * `overwrite`). The outcome names the place and version only; errors never hold the value.
 */
export async function seedCredential(request: SeedRequest, deps: SeedDependencies): Promise<SeedOutcome> {
  const { inventory, environment } = request;
  const plan = seedTarget(inventory, request.connectorId, environment, request.credentialName ?? "main");
  let record: SeedRecord = parseSeedValue(plan, request.raw);
  const reminders = [seededFlagReminder(plan)].filter((r): r is string => !!r);
  // Computed before anything is written: a private key that does not parse is refused, not stored.
  // A broker-rotated key pair carries its PEM in the broker record's apiKey.
  const privateKey =
    plan.credential.type === "key-pair" ? (plan.rotation.mode === "broker" ? record.apiKey : record.privateKey) : undefined;
  const fingerprint =
    privateKey !== undefined
      ? keyPairFingerprint(
          `${plan.id} (key-pair)`,
          String(privateKey),
          record.passphrase as string | undefined,
          record.publicKey as string | undefined,
        )
      : undefined;
  const withFingerprint = fingerprint ? { publicKeyFingerprint: fingerprint } : {};

  if (plan.store === "vault") {
    const environmentPlan = planEnvironment(
      inventory,
      inventory.environments.find((e) => e.name === environment)!,
    );
    const vault = environmentPlan.vault!;
    const token = deps.vaultToken();
    if (!token) throw new SeedError("no Vault token: set VAULT_TOKEN or log in with `vault login` (which writes ~/.vault-token)", "usage");
    const target = {
      address: deps.vaultAddress ?? vault.address,
      namespace: vault.namespace,
      token,
      mount: vault.mounts.kv,
      key: plan.vault!.key,
    };
    const result = await writeVaultKv(target, withRecordToolFields(plan, record), request.overwrite ?? false, deps.fetch);
    if (fingerprint) await patchVaultCustomMetadata(target, { [PUBLIC_KEY_FINGERPRINT_KEY]: fingerprint }, deps.fetch);
    return { store: "vault", location: result.location, version: result.version, reminders, ...withFingerprint };
  }

  const environmentPlan = planEnvironment(
    inventory,
    inventory.environments.find((e) => e.name === environment)!,
  );
  const client = deps.secretsManager(environmentPlan.aws!.region);
  const credential = plan.credential;
  if (
    credential.type === "rotated-password" &&
    credential.strategy === "alternating-users" &&
    credential.master &&
    record.masterarn === undefined
  ) {
    // Alternating-users rotation needs the ARN of the secret whose user manages the pair.
    const masterName = secretsManagerName(inventory.organization, environment, credential.master, "main");
    const master = await client.describe(masterName).catch(() => undefined);
    if (!master)
      throw new SeedError(
        `${plan.id}: alternating-users rotation needs "masterarn"; the master's secret ${masterName} was not found: seed ${credential.master} first or pass "masterarn"`,
      );
    record = { ...record, masterarn: master.arn };
  }
  const result = await writeSecretsManager(client, plan.aws!.secretName, withRecordToolFields(plan, record), request.overwrite ?? false);
  if (fingerprint) {
    try {
      await client.tag(plan.aws!.secretName, { [PUBLIC_KEY_FINGERPRINT_KEY]: fingerprint });
    } catch (error) {
      throw new SeedError(
        `the value was written (version ${result.version}), but the public key fingerprint could not be tagged on ${plan.aws!.secretName}: ${(error as { name?: string }).name ?? "Error"}`,
      );
    }
  }
  return { store: "aws", location: result.location, version: result.version, reminders, ...withFingerprint };
}

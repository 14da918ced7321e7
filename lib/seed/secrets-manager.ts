import { randomUUID } from "node:crypto";
import { DescribeSecretCommand, PutSecretValueCommand, SecretsManagerClient, TagResourceCommand } from "@aws-sdk/client-secrets-manager";
import { SeedError, redact } from "./errors";
import type { WriteResult } from "./vault-kv";

/** What `seed` needs of Secrets Manager; tests inject a fake. */
export interface SecretsManagerSeedClient {
  /** undefined when the secret does not exist. */
  describe(secretId: string): Promise<{ readonly arn: string; readonly hasCurrent: boolean } | undefined>;
  put(secretId: string, secretString: string, clientRequestToken: string): Promise<{ readonly versionId: string }>;
  /** Adds tags (public facts only, such as a public key's fingerprint). */
  tag(secretId: string, tags: Readonly<Record<string, string>>): Promise<void>;
}

/** The SDK client; the endpoint follows AWS_ENDPOINT_URL(_SECRETS_MANAGER) as the SDK does. */
export function sdkSecretsManagerClient(region: string): SecretsManagerSeedClient {
  const client = new SecretsManagerClient({ region });
  return {
    async describe(secretId) {
      try {
        const out = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
        const stages = Object.values(out.VersionIdsToStages ?? {});
        return { arn: out.ARN ?? secretId, hasCurrent: stages.some((s) => s.includes("AWSCURRENT")) };
      } catch (error) {
        if ((error as { name?: string }).name === "ResourceNotFoundException") return undefined;
        throw error;
      }
    },
    async put(secretId, secretString, clientRequestToken) {
      const out = await client.send(
        new PutSecretValueCommand({ SecretId: secretId, SecretString: secretString, ClientRequestToken: clientRequestToken }),
      );
      return { versionId: out.VersionId ?? clientRequestToken };
    },
    async tag(secretId, tags) {
      await client.send(new TagResourceCommand({ SecretId: secretId, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
    },
  };
}

/** An SDK error as a sentence: its name and message with every secret removed, never the request. */
function describeError(error: unknown, secrets: readonly string[]): string {
  const e = error as { name?: string; message?: string };
  return redact(`${e.name ?? "Error"}: ${(e.message ?? "").slice(0, 300)}`, secrets);
}

/**
 * Puts a first value into an existing secret (Terraform made the container; it never holds the
 * value). Refuses when the secret has an AWSCURRENT version unless `overwrite`.
 */
export async function writeSecretsManager(
  client: SecretsManagerSeedClient,
  secretName: string,
  data: Readonly<Record<string, string | number>>,
  overwrite: boolean,
): Promise<WriteResult & { readonly arn: string }> {
  const secrets = Object.values(data).filter((v): v is string => typeof v === "string");
  let existing;
  try {
    existing = await client.describe(secretName);
  } catch (error) {
    throw new SeedError(`cannot describe secret ${secretName}: ${describeError(error, secrets)}`);
  }
  if (!existing)
    throw new SeedError(
      `secret ${secretName} does not exist: apply the environment's stack first (Terraform creates the secret, seed writes its first value)`,
    );
  if (existing.hasCurrent && !overwrite) {
    throw new SeedError(`${secretName} already has a current value; seed only creates: pass --overwrite to write a new version`);
  }
  try {
    const { versionId } = await client.put(secretName, JSON.stringify(data), randomUUID());
    return { location: secretName, version: versionId, arn: existing.arn };
  } catch (error) {
    throw new SeedError(`Secrets Manager refused the value for ${secretName}: ${describeError(error, secrets)}`);
  }
}

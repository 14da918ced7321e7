import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { STAGE } from "../../../lib/rotation/contract";
import { Engines } from "./engines";

export const MOTO_REGION = "us-east-1";

export function motoClient(engines: Engines): SecretsManagerClient {
  return new SecretsManagerClient({
    endpoint: engines.moto.endpoint,
    region: MOTO_REGION,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    maxAttempts: 2,
  });
}

export async function createSecret(
  client: SecretsManagerClient,
  name: string,
  value: string,
  tags: Readonly<Record<string, string>> = {},
): Promise<string> {
  const Tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  const output = await client.send(new CreateSecretCommand({ Name: name, SecretString: value, ...(Tags.length > 0 ? { Tags } : {}) }));
  return output.ARN as string;
}

/** Function that does not exist: moto then stages the version and enables rotation, and invokes nothing. */
const NO_FUNCTION_ARN = `arn:aws:lambda:${MOTO_REGION}:123456789012:function:harness-plays-the-service`;

/**
 * Starts a rotation the way Secrets Manager does (a value-less version staged AWSPENDING, rotation
 * enabled) without letting moto run it: moto ignores step failures and never retries, so the
 * harness plays the service from here on. Relies on moto staging the version before it looks the
 * function up; checked below, so a moto that changes this fails the test instead of passing wrongly.
 */
export async function startRotationWithoutFunction(client: SecretsManagerClient, secretId: string, token: string): Promise<void> {
  await client
    .send(
      new RotateSecretCommand({
        SecretId: secretId,
        ClientRequestToken: token,
        RotationLambdaARN: NO_FUNCTION_ARN,
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
    )
    .then(
      () => {
        throw new Error("moto invoked a rotation function that does not exist");
      },
      (error: { name?: string }) => {
        if (error.name !== "ResourceNotFoundException") throw error;
      },
    );
  const description = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  if (description.RotationEnabled !== true || !description.VersionIdsToStages?.[token]?.includes(STAGE.pending)) {
    throw new Error("moto did not stage the rotation as Secrets Manager does; the harness can't play the service");
  }
}

export interface LabelledValue {
  readonly versionId: string;
  readonly stages: readonly string[];
  /** Undefined for the value-less pending version before createSecret. */
  readonly value?: string;
}

/** Every version that carries AWSCURRENT, AWSPENDING or AWSPREVIOUS, with its value. */
export async function labelledValues(client: SecretsManagerClient, secretId: string): Promise<LabelledValue[]> {
  const description = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  const labelled: LabelledValue[] = [];
  for (const [versionId, stages] of Object.entries(description.VersionIdsToStages ?? {})) {
    if (!stages.some((stage) => stage === STAGE.current || stage === STAGE.pending || stage === STAGE.previous)) continue;
    const value = await client
      .send(new GetSecretValueCommand({ SecretId: secretId, VersionId: versionId }))
      .then((output) => output.SecretString)
      .catch(() => undefined);
    labelled.push({ versionId, stages, value });
  }
  return labelled;
}

export async function stagesOf(client: SecretsManagerClient, secretId: string): Promise<Record<string, string[]>> {
  const description = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  return description.VersionIdsToStages ?? {};
}

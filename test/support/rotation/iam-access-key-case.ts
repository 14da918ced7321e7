/*
 * The aws-iam-access-key target for the suites that run every target (RotationWorld.createCase):
 * an IAM user in moto with one access key, its secret in moto's Secrets Manager, and the strategy
 * talking to moto's IAM and STS through the real client (our SigV4 signer), every call counted by
 * the crash budget. Kept apart from rotation-fixtures.ts, which holds the database and broker cases.
 */
import { AwsSecretStore } from "../../../lib/rotation/aws-secret-store";
import { callAwsQuery, iamEndpointFor, stsEndpointFor } from "../../../lib/rotation/aws-query-client";
import type { AwsCredentials } from "../../../lib/rotation/aws-sigv4";
import { IamAccessKeySecret, ROTATION_ENVIRONMENT } from "../../../lib/rotation/contract";
import { createRotationHandler } from "../../../lib/rotation/handler";
import { IamAccessKeyClient } from "../../../lib/rotation/iam-access-key-client";
import { IamAccessKeyStrategy } from "../../../lib/rotation/strategies/iam-access-key";
import type { Engines } from "./engines";
import { createSecret, labelledValues } from "./moto-secrets";
import type { RotationCase, RotationWorld } from "./rotation-fixtures";

/** moto accepts any credentials; these are the test's own (the "function" signs with them too). */
const MOTO_ADMIN: AwsCredentials = { accessKeyId: "testing", secretAccessKey: "testing" };
const REGION = "us-east-1";

function motoBase(engines: Engines): string {
  return `${engines.moto.endpoint.replace(/\/$/, "")}/`;
}

/** Environment variables a deployed aws-iam-access-key function needs to reach moto's IAM and STS. */
export function iamAccessKeyFunctionEnvironment(engines: Engines): Record<string, string> {
  return { [ROTATION_ENVIRONMENT.iamEndpoint]: motoBase(engines), [ROTATION_ENVIRONMENT.stsEndpoint]: motoBase(engines) };
}

export function iamAccessKeyClient(engines: Engines): IamAccessKeyClient {
  return new IamAccessKeyClient({
    iam: iamEndpointFor(REGION, motoBase(engines)),
    sts: stsEndpointFor(REGION, motoBase(engines)),
    credentials: () => MOTO_ADMIN,
    timeoutMs: 10_000,
  });
}

export async function createIamAccessKeyCase(world: RotationWorld, caseId: string): Promise<RotationCase> {
  const client = iamAccessKeyClient(world.engines);
  const userName = `etl-key-${caseId}`;
  await callAwsQuery(
    iamEndpointFor(REGION, motoBase(world.engines)),
    "CreateUser",
    { UserName: userName, Path: "/etl/" },
    MOTO_ADMIN,
    10_000,
  );
  const first = await client.createAccessKey(userName);
  world.capture.rememberSecret(first.secretAccessKey);
  const value: IamAccessKeySecret = { userName, ...first };
  const secretArn = await createSecret(world.sm, `rotation-${caseId}`, JSON.stringify(value));

  const logsIn = async (text: string): Promise<boolean> => {
    const parsed = JSON.parse(text) as IamAccessKeySecret;
    // moto answers GetCallerIdentity for an unknown (deleted) key with its default user, never this one.
    const arn = await client.callerArn({ accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey });
    return arn.endsWith(`:user/etl/${userName}`) || arn.endsWith(`/${userName}`);
  };

  return {
    target: "aws-iam-access-key",
    secretArn,
    logsIn,
    labelled: () => labelledValues(world.sm, secretArn),
    invoke: (step, token, budget) => {
      const handler = createRotationHandler(
        () =>
          new IamAccessKeyStrategy(budget.instrument(iamAccessKeyClient(world.engines), "iam"), { verifyAttempts: 3, verifyDelayMs: 50 }),
        { environment: world.environment, sink: world.capture.sink, store: () => budget.instrument(new AwsSecretStore(world.sm), "sm") },
      );
      return handler({ Step: step, SecretId: secretArn, ClientRequestToken: token });
    },
    unstoredCredentials: async (labelled) => {
      const stored = new Set(
        labelled.map((version) => (version.value ? (JSON.parse(version.value) as IamAccessKeySecret).accessKeyId : "")),
      );
      const keys = (await client.listAccessKeys(userName)).map((key) => key.accessKeyId);
      return keys.filter((key) => !stored.has(key)).map(() => "an access key of the user that no version holds");
    },
  };
}

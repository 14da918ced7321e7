import { readFileSync } from "node:fs";
import { RotateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { ROTATION_ENVIRONMENT, ROTATION_TARGETS, RotationTarget, STAGE } from "../../../lib/rotation/contract";
import { packageRotationFunction } from "../../../lib/rotation/package";
import { loadEngines } from "../../support/rotation/engines";
import { iamAccessKeyFunctionEnvironment } from "../../support/rotation/iam-access-key-case";
import { findLeaks } from "../../support/rotation/leak-check";
import { withToolFields } from "../../../lib/rotation/record-fields";
import { RotationWorld, currentVersion } from "../../support/rotation/rotation-fixtures";

/**
 * The happy path end to end: the packaged zip is deployed to moto's Lambda, moto's RotateSecret
 * invokes the four steps (tools/engines/moto-server.py runs the bundle with Node), and the new
 * AWSCURRENT logs in. moto ignores step failures, so only success is judged here; crash safety is
 * crash-points.test.ts.
 */
describe("moto's RotateSecret runs the packaged bundles", () => {
  const engines = loadEngines();
  const world = new RotationWorld(engines);
  beforeAll(() => world.start());
  afterAll(() => world.stop());

  async function deploy(target: RotationTarget, name: string): Promise<string> {
    const bundle = packageRotationFunction(target);
    const response = await fetch(`${engines.moto.endpoint}/2015-03-31/functions`, {
      method: "POST",
      // moto routes by the signature's credential scope; it does not check the signature itself.
      headers: {
        "content-type": "application/json",
        authorization: "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0",
      },
      body: JSON.stringify({
        FunctionName: name,
        Runtime: bundle.runtime,
        Handler: bundle.handler,
        Role: engines.moto.lambdaRoleArn,
        Code: { ZipFile: bundle.zip.toString("base64") },
        Environment: {
          Variables: {
            [ROTATION_ENVIRONMENT.databaseCaFile]: engines.caFile,
            [ROTATION_ENVIRONMENT.keyBrokerCaFile]: engines.caFile,
            [ROTATION_ENVIRONMENT.passwordLength]: "48",
            ...(target === "aws-iam-access-key" ? iamAccessKeyFunctionEnvironment(engines) : {}),
          },
        },
      }),
    });
    const created = (await response.json()) as { FunctionArn?: string };
    if (!created.FunctionArn) throw new Error(`moto refused the function: ${JSON.stringify(created)}`);
    return created.FunctionArn;
  }

  it.each(ROTATION_TARGETS.map((target) => [target]))("%s rotates through moto", async (target) => {
    const rotationCase = await world.createCase(target);
    const before = currentVersion(await rotationCase.labelled())!;
    world.capture.rememberSecretsOf(before.value);
    const functionArn = await deploy(target, `rotate-${target}-${before.versionId.slice(0, 8)}`);
    await world.sm.send(
      new RotateSecretCommand({
        SecretId: rotationCase.secretArn,
        RotationLambdaARN: functionArn,
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
    );
    const after = await rotationCase.labelled();
    const current = currentVersion(after)!;
    world.capture.rememberSecretsOf(current.value);
    expect(current.versionId).not.toBe(before.versionId);
    expect(after.find((version) => version.stages.includes(STAGE.previous))?.versionId).toBe(before.versionId);
    expect(await rotationCase.logsIn(current.value!)).toBe(true);
    if (target !== "key-broker" && target !== "aws-iam-access-key")
      expect(JSON.parse(current.value!).password).toMatch(/^[A-Za-z0-9\-_.~]{48}$/);
    // The fields Airflow's Secrets Manager backend reads were written with the new value, in the same version.
    const value = JSON.parse(current.value!);
    const kind = target === "key-broker" ? "key-broker" : target === "aws-iam-access-key" ? "aws-iam-access-key" : "database";
    expect(withToolFields(kind, "aws", value)).toEqual(value);
  });

  it("the functions' own output holds no secret", () => {
    const lambdaLog = readFileSync(engines.moto.lambdaLog, "utf8");
    expect(lambdaLog).toContain('"exitCode": 0');
    expect(lambdaLog).not.toContain('"exitCode": 1');
    expect(findLeaks(lambdaLog, world.capture.secrets)).toEqual([]);
  });
});

/*
 * The Secrets Manager drill on moto: the packaged PostgreSQL single-user rotation bundle is deployed
 * to moto's Lambda (as moto-rotate-secret.test.ts does) and rotation is configured with one
 * RotateSecret; then the drill runs RotateSecret again (through the SDK client; on moto the call names
 * the function, which AWS would reuse from the configuration), waits for the new
 * AWSCURRENT, proves the real PostgreSQL refuses the old password and accepts the new one. The
 * drill plan is acme's orders-archive-postgres in dev, its secret name pointed at the case's secret.
 */
import { readFileSync } from "node:fs";
import { RotateSecretCommand, UpdateSecretVersionStageCommand } from "@aws-sdk/client-secrets-manager";
import { planInventory } from "../../../lib/plan/inventory-plan";
import { ROTATION_ENVIRONMENT } from "../../../lib/rotation/contract";
import { packageRotationFunction } from "../../../lib/rotation/package";
import { planDrill, postgresLogin, runDrill, secretsManagerApi, type AwsRotatedPasswordTarget } from "../../../lib/runbook/drill";
import { loadInventory } from "../../../lib/inventory/load";
import { fixturePath } from "../../support/inventories";
import { loadEngines } from "../../support/rotation/engines";
import { currentVersion, RotationWorld } from "../../support/rotation/rotation-fixtures";

describe("runbook --drill on Secrets Manager (moto runs the rotation bundle; real PostgreSQL)", () => {
  const engines = loadEngines();
  const world = new RotationWorld(engines);
  beforeAll(() => world.start());
  afterAll(() => world.stop());

  it("RotateSecret through the drill: new AWSCURRENT, old password refused by PostgreSQL, new one accepted, no value in the report", async () => {
    const rotationCase = await world.createCase("postgresql-single-user");
    const bundle = packageRotationFunction("postgresql-single-user");
    const response = await fetch(`${engines.moto.endpoint}/2015-03-31/functions`, {
      method: "POST",
      // moto routes by the signature's credential scope; it does not check the signature itself.
      headers: {
        "content-type": "application/json",
        authorization: "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0",
      },
      body: JSON.stringify({
        FunctionName: `drill-rotate-${Date.now()}`,
        Runtime: bundle.runtime,
        Handler: bundle.handler,
        Role: engines.moto.lambdaRoleArn,
        Code: { ZipFile: bundle.zip.toString("base64") },
        Environment: { Variables: { [ROTATION_ENVIRONMENT.databaseCaFile]: engines.caFile, [ROTATION_ENVIRONMENT.passwordLength]: "48" } },
      }),
    });
    const functionArn = ((await response.json()) as { FunctionArn: string }).FunctionArn;
    // Rotation configured (this first RotateSecret also rotates once).
    await world.sm.send(
      new RotateSecretCommand({
        SecretId: rotationCase.secretArn,
        RotationLambdaARN: functionArn,
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
    );
    const before = currentVersion(await rotationCase.labelled())!;
    world.capture.rememberSecretsOf(before.value);
    // moto 5.2.1 refuses a new RotateSecret while AWSPENDING sits on the AWSCURRENT version (AWS accepts it): clear it.
    if (before.stages.includes("AWSPENDING")) {
      await world.sm.send(
        new UpdateSecretVersionStageCommand({
          SecretId: rotationCase.secretArn,
          VersionStage: "AWSPENDING",
          RemoveFromVersionId: before.versionId,
        }),
      );
    }

    const acme = loadInventory(fixturePath("acme.yaml"));
    const acmePlan = planInventory(acme);
    const plan = planDrill(acme, { connector: "orders-archive-postgres", environment: "dev" });
    const target = { ...(plan.targets[0] as AwsRotatedPasswordTarget), secretName: rotationCase.secretArn };
    const calls: { action: string; secretId: string }[] = [];
    const report = await runDrill({ ...plan, targets: [target] }, acmePlan, {
      vault: () => {
        throw new Error("no Vault client for a Secrets Manager drill");
      },
      // moto runs the function only when RotateSecret names it (AWS reuses the configured one): the adapter names it.
      secretsManager: () => {
        const api = secretsManagerApi(world.sm, calls);
        return {
          ...api,
          rotateSecret: async (secretId: string) => {
            calls.push({ action: "RotateSecret", secretId });
            await world.sm.send(new RotateSecretCommand({ SecretId: secretId, RotationLambdaARN: functionArn }));
          },
        };
      },
      database: () =>
        postgresLogin(
          { host: engines.postgres.host, port: engines.postgres.port, database: "postgres" },
          { ca: readFileSync(engines.caFile, "utf8"), rejectUnauthorized: true },
        ),
      now: () => performance.now(),
    });
    const after = currentVersion(await rotationCase.labelled())!;
    world.capture.rememberSecretsOf(after.value);
    expect(report.credentials[0]).toMatchObject({ kind: "aws-rotated-password", result: "passed" });
    expect(after.versionId).not.toBe(before.versionId);
    expect(await rotationCase.logsIn(before.value!)).toBe(false);
    expect(await rotationCase.logsIn(after.value!)).toBe(true);
    expect(calls.map((c) => c.action)).toEqual(expect.arrayContaining(["GetSecretValue", "RotateSecret", "DescribeSecret"]));
    expect(new Set(calls.map((c) => c.action))).toEqual(new Set(["GetSecretValue", "RotateSecret", "DescribeSecret"]));
    for (const value of [before.value!, after.value!]) expect(JSON.stringify(report)).not.toContain(JSON.parse(value).password);
    console.log(`secrets manager drill timings (ms): ${JSON.stringify(report.credentials[0]!.timings)}`);
  });
});

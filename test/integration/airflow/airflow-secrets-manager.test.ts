/*
 * A job's connection through Airflow's own SecretsManagerBackend (Airflow 3.3.2, amazon provider
 * 9.39.0) against moto: the credential is seeded with `etl-secrets seed` code into the secret the
 * plan names, resolves to the right login, password, host, port and database; after a real
 * rotation (the single-user rotation handler against moto and PostgreSQL, as the rotation suites
 * run it) the next resolution gets the new value, and that value logs in.
 *
 * Another consumer's credentials: moto's server here does not enforce IAM policies (it accepts any
 * credentials; tools/engines/moto-server.py starts it without INITIAL_NO_AUTH_ACTION_COUNT), so a
 * denial cannot be shown against it. The cross-consumer and quarantine properties are proven on
 * the Vault side with the consumers' own AppRoles (test/live/airflow-vault.test.ts), and on the AWS
 * side by `simulate` over the synthesized IAM policies.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient, TagResourceCommand } from "@aws-sdk/client-secrets-manager";
import { Client } from "pg";
import { planEnvironment } from "../../../lib/plan/environment-plan";
import { AwsSecretStore } from "../../../lib/rotation/aws-secret-store";
import { ROTATION_ENVIRONMENT, STAGE, type DatabaseSecret, type RotationStep } from "../../../lib/rotation/contract";
import { createRotationHandler } from "../../../lib/rotation/handler";
import { RECORD_KIND_DEFINITIONS, withToolFields } from "../../../lib/rotation/record-fields";
import { SingleUserStrategy } from "../../../lib/rotation/strategies/single-user";
import { PostgresqlConnector } from "../../../lib/rotation/targets/postgresql";
import { seedCredential, type SecretsManagerSeedClient } from "../../../lib/seed";
import { validateDocument } from "../../../lib/inventory/validate";
import { airflowBackendFor, expectedFacts, resolveThroughAirflow } from "../../support/airflow";
import { fixtureDocument } from "../../support/inventories";
import { loadEngines } from "../../support/rotation/engines";
import { LogCapture, findLeaks } from "../../support/rotation/leak-check";
import { startRotationWithoutFunction } from "../../support/rotation/moto-secrets";
import { PostgresAdmin, pinTagsOf } from "../../support/rotation/rotation-fixtures";

jest.setTimeout(600_000);

const REGION = "eu-west-1";
const CONNECTOR = "orders-db-admin";

describe("Airflow's Secrets Manager backend resolves seeded and rotated credentials (moto + PostgreSQL)", () => {
  const engines = loadEngines();
  const runId = randomBytes(3).toString("hex");
  const user = `af_${runId}`;
  const sm = new SecretsManagerClient({
    endpoint: engines.moto.endpoint,
    region: REGION,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  const capture = new LogCapture();
  // An inventory of the acme fixture whose dev environment is this run's: organization and
  // environment make the secret's name, the database is the test PostgreSQL.
  const doc = fixtureDocument("acme.yaml");
  doc.organization = `af-${runId}`;
  const admin = doc.connectors.find((c: { id: string }) => c.id === CONNECTOR);
  admin.credential.database = { host: engines.postgres.host, port: engines.postgres.port, name: "postgres", username: user };
  admin.environments = { dev: {}, prod: {} };
  // The job whose Airflow resolves it: the settings are what `wire` prints for this consumer.
  admin.consumers = [
    { id: "orders-airflow", description: "Airflow DAG orders_admin", auth: { method: "aws-iam", roleName: "orders-airflow" } },
  ];
  const inventory = validateDocument(doc).inventory!;
  const plan = planEnvironment(
    inventory,
    inventory.environments.find((e) => e.name === "dev")!,
  );
  const credential = plan.credentials.find((c) => c.connectorId === CONNECTOR && c.name === "main")!;
  const secretName = credential.aws!.secretName;
  const connId = `${CONNECTOR}/main`;
  const settings = airflowBackendFor(plan, "orders-airflow", { endpoint_url: engines.moto.endpoint, region_name: REGION }, [connId]);
  const awsEnv = { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_DEFAULT_REGION: REGION };
  // Any character a store allows, including those a URI or the alias scan could misread.
  const firstPassword = `Fi:rst/${randomBytes(12).toString("base64")}@?#%+ é"'\\`;
  capture.rememberSecret(firstPassword);

  const seedClient: SecretsManagerSeedClient = {
    async describe(secretId) {
      const { DescribeSecretCommand } = await import("@aws-sdk/client-secrets-manager");
      try {
        const out = await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
        return { arn: out.ARN!, hasCurrent: Object.values(out.VersionIdsToStages ?? {}).some((s) => s.includes(STAGE.current)) };
      } catch (error) {
        if ((error as { name?: string }).name === "ResourceNotFoundException") return undefined;
        throw error;
      }
    },
    async put(secretId, secretString, token) {
      const { PutSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
      const out = await sm.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: secretString, ClientRequestToken: token }));
      return { versionId: out.VersionId! };
    },
    async tag(secretId, tags) {
      await sm.send(new TagResourceCommand({ SecretId: secretId, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
    },
  };

  const current = async (): Promise<Record<string, unknown>> =>
    JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: secretName }))).SecretString!);

  const logsIn = async (record: Record<string, unknown>): Promise<boolean> => {
    const client = new Client({
      host: String(record.host),
      port: Number(record.port),
      user: String(record.username),
      password: String(record.password),
      database: String(record.database),
      ssl: { ca: require("node:fs").readFileSync(engines.caFile, "utf8"), rejectUnauthorized: true },
    });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  beforeAll(async () => {
    await new PostgresAdmin(engines).createUser(user, firstPassword);
    // What Terraform makes: the container and its rotation pins, no value.
    const pins = pinTagsOf({
      engine: "postgres",
      host: engines.postgres.host,
      port: engines.postgres.port,
      username: user,
      password: "",
      dbname: "postgres",
    } as DatabaseSecret);
    await sm.send(new CreateSecretCommand({ Name: secretName, Tags: Object.entries(pins).map(([Key, Value]) => ({ Key, Value })) }));
  });

  afterAll(() => {
    sm.destroy();
    // No value reached a log line of the rotation function.
    expect(findLeaks(capture.lines.join("\n"), [...capture.secrets])).toEqual([]);
  });

  it("resolves the seeded credential, and after a rotation the new value, which logs in", async () => {
    await seedCredential(
      {
        inventory,
        connectorId: CONNECTOR,
        environment: "dev",
        raw: JSON.stringify({ username: user, password: firstPassword, sslmode: "verify-full" }),
      },
      { vaultToken: () => undefined, secretsManager: () => seedClient },
    );
    const seeded = await current();
    // The tool's fields beside the contract's, in the same version.
    expect(withToolFields("database", "aws", seeded)).toEqual(seeded);
    const connection = RECORD_KIND_DEFINITIONS.database.connection(seeded);
    expect(connection).toMatchObject({
      conn_type: "postgres",
      login: user,
      host: engines.postgres.host,
      port: engines.postgres.port,
      schema: "postgres",
      extra: { sslmode: "verify-full" },
    });

    const first = resolveThroughAirflow(settings, [connId, `${CONNECTOR}/absent`], awsEnv);
    expect(first[connId]).toEqual(expectedFacts(connection));
    // A control: an id with no secret is not found, and the backend says it is absent (not denied).
    expect(first[`${CONNECTOR}/absent`]).toEqual({ found: false, backend: "SecretsManagerBackend", reason: "absent" });
    expect(await logsIn(seeded)).toBe(true);

    // A real rotation: Secrets Manager's protocol played against moto, the single-user strategy
    // changing the password in PostgreSQL.
    const token = randomUUID();
    await startRotationWithoutFunction(sm, secretName, token);
    const handler = createRotationHandler(
      (config, logger, secretId) => new SingleUserStrategy(config, new PostgresqlConnector(config, logger, secretId)),
      {
        environment: { [ROTATION_ENVIRONMENT.databaseCaFile]: engines.caFile, [ROTATION_ENVIRONMENT.passwordLength]: "40" },
        sink: capture.sink,
        store: () => new AwsSecretStore(sm),
      },
    );
    for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"] as RotationStep[])
      await handler({ Step: step, SecretId: secretName, ClientRequestToken: token });

    const rotated = await current();
    capture.rememberSecret(String(rotated.password));
    // Compared as booleans: a failing assertion never prints a value.
    expect(rotated.password === firstPassword).toBe(false);
    expect(withToolFields("database", "aws", rotated)).toEqual(rotated);
    const second = resolveThroughAirflow(settings, [connId], awsEnv);
    expect(second[connId]).toEqual(expectedFacts(RECORD_KIND_DEFINITIONS.database.connection(rotated)));
    expect(second[connId]).not.toEqual(first[connId]);
    expect(await logsIn(rotated)).toBe(true);
    expect(await logsIn(seeded)).toBe(false);
  });
});

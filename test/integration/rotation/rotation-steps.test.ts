import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { AddressInfo } from "node:net";
import { PutSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { Client } from "pg";
import { DatabaseSecret, ROTATION_TARGETS, STAGE } from "../../../lib/rotation/contract";
import { RedactingLogger } from "../../../lib/rotation/redacting-logger";
import { readRuntimeConfig } from "../../../lib/rotation/runtime-config";
import { MysqlConnector } from "../../../lib/rotation/targets/mysql";
import { PostgresqlConnector } from "../../../lib/rotation/targets/postgresql";
import { loadEngines } from "../../support/rotation/engines";
import { CallBudget } from "../../support/rotation/fault-injection";
import { findLeaks } from "../../support/rotation/leak-check";
import { RotationWorld, currentVersion } from "../../support/rotation/rotation-fixtures";
import { stagesOf } from "../../support/rotation/moto-secrets";
import { beginRotation } from "../../support/rotation/service-simulator";

describe("each rotation step against the real engines", () => {
  const engines = loadEngines();
  const world = new RotationWorld(engines);
  beforeAll(() => world.start());
  afterAll(() => world.stop());

  const stagesById = (secretArn: string) => stagesOf(world.sm, secretArn);

  it.each(ROTATION_TARGETS.map((target) => [target]))(
    "%s: each step does its part once, and repeating it changes nothing",
    async (target) => {
      // GIVEN a secret whose AWSCURRENT logs in, and a rotation staged by the service
      const rotationCase = await world.createCase(target);
      const original = currentVersion(await rotationCase.labelled())!;
      world.capture.rememberSecretsOf(original.value);
      expect(await rotationCase.logsIn(original.value!)).toBe(true);
      const token = await beginRotation(world, rotationCase);
      const budget = () => new CallBudget();
      const pendingValue = async () => (await rotationCase.labelled()).find((version) => version.versionId === token)?.value;

      // WHEN createSecret runs (twice) THEN one pending value exists, for the same target
      await rotationCase.invoke("createSecret", token, budget());
      const pending = await pendingValue();
      world.capture.rememberSecretsOf(pending);
      expect(pending).toBeDefined();
      await rotationCase.invoke("createSecret", token, budget());
      expect(await pendingValue()).toBe(pending);
      const pendingParsed = JSON.parse(pending!);
      const originalParsed = JSON.parse(original.value!);
      if (target === "key-broker") {
        expect(pendingParsed.endpoint).toBe(originalParsed.endpoint);
        expect(pendingParsed.keyId).not.toBe(originalParsed.keyId);
      } else if (target === "aws-iam-access-key") {
        expect(pendingParsed.userName).toBe(originalParsed.userName);
        expect(pendingParsed.accessKeyId).not.toBe(originalParsed.accessKeyId);
      } else {
        expect(pendingParsed.host).toBe(originalParsed.host);
        expect(pendingParsed.password).toMatch(/^[A-Za-z0-9\-_.~]{40}$/);
        expect(pendingParsed.username).toBe(
          target.endsWith("alternating-users") ? `${originalParsed.username}_clone` : originalParsed.username,
        );
      }

      // WHEN setSecret runs (twice) THEN pending logs in; the current value still does unless single user
      await rotationCase.invoke("setSecret", token, budget());
      await rotationCase.invoke("setSecret", token, budget());
      expect(await rotationCase.logsIn(pending!)).toBe(true);
      expect(await rotationCase.logsIn(original.value!)).toBe(!target.endsWith("single-user"));

      // WHEN testSecret runs THEN nothing moves
      const stagesBeforeTest = await stagesById(rotationCase.secretArn);
      await rotationCase.invoke("testSecret", token, budget());
      expect(await stagesById(rotationCase.secretArn)).toEqual(stagesBeforeTest);

      // WHEN finishSecret runs (twice) THEN AWSCURRENT is the token, AWSPREVIOUS the original
      await rotationCase.invoke("finishSecret", token, budget());
      await rotationCase.invoke("finishSecret", token, budget());
      const stages = await stagesById(rotationCase.secretArn);
      expect(stages[token]).toContain(STAGE.current);
      expect(stages[original.versionId]).toEqual([STAGE.previous]);
      expect(await rotationCase.logsIn(pending!)).toBe(true);
      // The key broker revokes the old key, IAM deletes the old access key, once the new one is current.
      if (target === "key-broker" || target === "aws-iam-access-key") expect(await rotationCase.logsIn(original.value!)).toBe(false);

      // AND every step is a no-op on a version already current (a retried, finished rotation)
      for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"] as const)
        await rotationCase.invoke(step, token, budget());
      expect(await stagesById(rotationCase.secretArn)).toEqual(stages);
    },
  );

  it("refuses a token that is not a version of the secret, and one not staged AWSPENDING", async () => {
    const rotationCase = await world.createCase("postgresql-single-user");
    const token = await beginRotation(world, rotationCase);
    await expect(rotationCase.invoke("createSecret", "00000000-0000-4000-8000-000000000000", new CallBudget())).rejects.toThrow(
      /not a version of/,
    );
    const unstaged = "11111111-1111-4111-8111-111111111111";
    await world.sm.send(
      new PutSecretValueCommand({
        SecretId: rotationCase.secretArn,
        ClientRequestToken: unstaged,
        SecretString: "{}",
        VersionStages: ["MANUAL"],
      }),
    );
    await expect(rotationCase.invoke("createSecret", unstaged, new CallBudget())).rejects.toThrow(/not staged AWSPENDING/);
    // Steps out of order fail clearly instead of acting on a missing value.
    await expect(rotationCase.invoke("setSecret", token, new CallBudget())).rejects.toThrow(/no value yet/);
    // The current version itself is a finished rotation: nothing to do.
    const current = currentVersion(await rotationCase.labelled())!.versionId;
    await expect(rotationCase.invoke("createSecret", current, new CallBudget())).resolves.toBeUndefined();
  });

  it("PostgreSQL alternating users: objects created by either user stay usable by the other", async () => {
    const rotationCase = await world.createCase("postgresql-alternating-users");
    const original = JSON.parse(currentVersion(await rotationCase.labelled())!.value!) as DatabaseSecret;
    const token = await beginRotation(world, rotationCase);
    for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"] as const)
      await rotationCase.invoke(step, token, new CallBudget());
    const clone = JSON.parse(currentVersion(await rotationCase.labelled())!.value!) as DatabaseSecret;
    world.capture.rememberSecret(clone.password);
    const schema = `s_${original.username}`;
    const asUser = async (secret: DatabaseSecret, sql: string) => {
      const client = new Client({
        host: secret.host,
        port: secret.port,
        user: secret.username,
        password: secret.password,
        database: "postgres",
        ssl: { ca: readFileSync(engines.caFile, "utf8") },
      });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    };
    await asUser(clone, `CREATE TABLE "${schema}".made_by_clone (id int); INSERT INTO "${schema}".made_by_clone VALUES (1)`);
    await asUser(original, `CREATE TABLE "${schema}".made_by_base (id int); INSERT INTO "${schema}".made_by_base VALUES (2)`);
    expect(await asUser(original, `SELECT id FROM "${schema}".made_by_clone`)).toEqual([{ id: 1 }]);
    expect(await asUser(clone, `SELECT id FROM "${schema}".made_by_base`)).toEqual([{ id: 2 }]);
    expect(await asUser(clone, `SELECT tableowner FROM pg_tables WHERE schemaname = '${schema}' AND tablename = 'made_by_clone'`)).toEqual([
      { tableowner: original.username },
    ]);
  });

  describe("transport security", () => {
    const logger = new RedactingLogger(world.capture.sink);
    const base = { host: "127.0.0.1", username: "nobody", password: "not-a-real-password-0123456789" };

    it("refuses a server whose certificate is not signed by the trusted CA", async () => {
      const config = readRuntimeConfig({ DATABASE_CA_FILE: engines.otherCaFile });
      const postgres: DatabaseSecret = { ...base, engine: "postgres", port: engines.postgres.port };
      const mariadb: DatabaseSecret = { ...base, engine: "mariadb", port: engines.mariadb.port };
      await expect(new PostgresqlConnector(config, logger, "arn:test").login(postgres)).rejects.toThrow(/certificate/);
      await expect(new MysqlConnector(config, logger, "arn:test").login(mariadb)).rejects.toThrow(/certificate/);
    });

    it("never falls back to plaintext when the server offers no TLS", async () => {
      // A server that declines TLS: PostgreSQL's 'N' to SSLRequest, MySQL's handshake without CLIENT_SSL.
      const received: Buffer[] = [];
      const postgresDecliner = createServer((socket) => socket.on("data", (data) => (received.push(data), socket.write("N"))));
      const mysqlDecliner = createServer((socket) => {
        socket.on("data", (data) => received.push(data));
        socket.write(mysqlHandshakeWithoutTls());
      });
      await Promise.all(
        [postgresDecliner, mysqlDecliner].map((server) => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))),
      );
      try {
        const config = readRuntimeConfig({ DATABASE_CA_FILE: engines.caFile });
        const pgPort = (postgresDecliner.address() as AddressInfo).port;
        const myPort = (mysqlDecliner.address() as AddressInfo).port;
        await expect(
          new PostgresqlConnector(config, logger, "arn:test").login({ ...base, engine: "postgres", port: pgPort }),
        ).rejects.toThrow(/SSL/i);
        await expect(new MysqlConnector(config, logger, "arn:test").login({ ...base, engine: "mariadb", port: myPort })).rejects.toThrow(
          /secure|SSL/i,
        );
        // Only the 8-byte SSLRequest reached the PostgreSQL decliner; no startup packet with the user, ever.
        expect(Buffer.concat(received).toString("latin1")).not.toContain(base.username);
      } finally {
        postgresDecliner.close();
        mysqlDecliner.close();
      }
    });

    it("uses plaintext only when the secret says disable AND the function allows it", async () => {
      const secret: DatabaseSecret = {
        engine: "postgres",
        host: engines.postgres.host,
        port: engines.postgres.port,
        username: engines.postgres.adminUser,
        password: engines.postgres.adminPassword,
        sslmode: "disable",
      };
      await expect(new PostgresqlConnector(readRuntimeConfig({}), logger, "arn:test").login(secret)).rejects.toThrow(
        /ALLOW_PLAINTEXT_DATABASE/,
      );
      const session = await new PostgresqlConnector(readRuntimeConfig({ ALLOW_PLAINTEXT_DATABASE: "true" }), logger, "arn:test").login(
        secret,
      );
      expect(await session!.probe()).toEqual({ encrypted: false });
      await session!.close();
    });
  });

  it("no rotated password reaches the servers' statement logs or the function's logs", () => {
    const rotated = [...world.capture.secrets];
    expect(rotated.length).toBeGreaterThan(5);
    const generated = rotated.filter((secret) => /^[A-Za-z0-9\-_.~]{40}$/.test(secret));
    expect(generated.length).toBeGreaterThan(3);
    const serverLogs = readFileSync(engines.postgres.logFile, "utf8") + readFileSync(engines.mariadb.logFile, "utf8");
    expect(findLeaks(serverLogs, generated)).toEqual([]);
    expect(findLeaks(world.capture.lines.join("\n"), world.capture.secrets)).toEqual([]);
  });
});

/** A minimal MySQL protocol v10 greeting whose capability flags lack CLIENT_SSL (0x800). */
function mysqlHandshakeWithoutTls(): Buffer {
  const capabilities = 0xf7ff & ~0x0800;
  const payload = Buffer.concat([
    Buffer.from([10]),
    Buffer.from("5.5.5-10.11.0-Decliner\0", "latin1"),
    Buffer.from([1, 0, 0, 0]),
    Buffer.from("abcdefgh\0", "latin1"),
    Buffer.from([capabilities & 0xff, capabilities >> 8]),
    Buffer.from([33, 2, 0, 0x0f, 0x80, 21]),
    Buffer.alloc(10),
    Buffer.from("ijklmnopqrst\0", "latin1"),
    Buffer.from("mysql_native_password\0", "latin1"),
  ]);
  const header = Buffer.from([payload.length & 0xff, (payload.length >> 8) & 0xff, payload.length >> 16, 0]);
  return Buffer.concat([header, payload]);
}

import { randomBytes } from "node:crypto";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createConnection } from "mysql2/promise";
import { Client } from "pg";
import { AwsSecretStore } from "../../../lib/rotation/aws-secret-store";
import {
  DatabaseSecret,
  ROTATION_ENVIRONMENT,
  ROTATION_PIN_TAGS,
  RotationStep,
  RotationTarget,
  STAGE,
} from "../../../lib/rotation/contract";
import { createRotationHandler } from "../../../lib/rotation/handler";
import { KeyBrokerClient } from "../../../lib/rotation/key-broker-client";
import { RedactingLogger } from "../../../lib/rotation/redacting-logger";
import { RotationStrategy } from "../../../lib/rotation/rotation-strategy";
import { RuntimeConfig, readRuntimeConfig } from "../../../lib/rotation/runtime-config";
import { AlternatingUsersStrategy } from "../../../lib/rotation/strategies/alternating-users";
import { alternateUsername } from "../../../lib/rotation/strategies/database-values";
import { KeyBrokerStrategy } from "../../../lib/rotation/strategies/key-broker";
import { SingleUserStrategy } from "../../../lib/rotation/strategies/single-user";
import { DatabaseConnector, DatabaseSession } from "../../../lib/rotation/targets/database-target";
import { MysqlConnector } from "../../../lib/rotation/targets/mysql";
import { PostgresqlConnector } from "../../../lib/rotation/targets/postgresql";
import { Engines } from "./engines";
import { CallBudget } from "./fault-injection";
import { FakeKeyBroker } from "./fake-key-broker";
import { createIamAccessKeyCase } from "./iam-access-key-case";
import { LogCapture } from "./leak-check";
import { LabelledValue, createSecret, labelledValues, motoClient } from "./moto-secrets";

/** One secret (and its users or keys) made for one test case. */
export interface RotationCase {
  readonly target: RotationTarget;
  readonly secretArn: string;
  /** Database cases: the declared (pinned) user and the master's user (alternating users). */
  readonly database?: { readonly user: string; readonly master?: string; readonly masterArn?: string };
  /** One invocation of one step, as a cold-started function whose external calls go through `budget`. */
  invoke(step: RotationStep, token: string, budget: CallBudget): Promise<void>;
  /** Whether a secret value (JSON) authenticates against the target right now. */
  logsIn(value: string): Promise<boolean>;
  /** Credentials the target accepts that no labelled version holds: each one is a lost credential. */
  unstoredCredentials(labelled: readonly LabelledValue[]): Promise<string[]>;
  labelled(): Promise<LabelledValue[]>;
}

/** Everything the integration suites share: engines, moto, the fake broker, captured logs. */
export class RotationWorld {
  readonly sm: SecretsManagerClient;
  readonly capture = new LogCapture();
  readonly broker: FakeKeyBroker;
  readonly environment: NodeJS.ProcessEnv;
  readonly config: RuntimeConfig;
  private caseCounter = 0;
  private readonly runId = randomBytes(3).toString("hex");

  constructor(readonly engines: Engines) {
    this.sm = motoClient(engines);
    this.broker = new FakeKeyBroker({ certFile: engines.serverCertFile, keyFile: engines.serverKeyFile });
    this.environment = {
      [ROTATION_ENVIRONMENT.databaseCaFile]: engines.caFile,
      [ROTATION_ENVIRONMENT.keyBrokerCaFile]: engines.caFile,
      [ROTATION_ENVIRONMENT.passwordLength]: "40",
      [ROTATION_ENVIRONMENT.connectTimeoutSeconds]: "10",
    };
    this.config = readRuntimeConfig(this.environment);
    this.capture.rememberSecret(engines.postgres.adminPassword);
    this.capture.rememberSecret(engines.mariadb.adminPassword);
  }

  async start(): Promise<void> {
    await this.broker.start();
  }

  async stop(): Promise<void> {
    await this.broker.stop();
    this.sm.destroy();
  }

  /** A logger for the test's own checks; its lines are captured like the function's. */
  logger(): RedactingLogger {
    return new RedactingLogger(this.capture.sink);
  }

  async createCase(target: RotationTarget): Promise<RotationCase> {
    const caseId = `${this.runId}_${++this.caseCounter}`;
    if (target === "key-broker") return this.createKeyBrokerCase(caseId);
    if (target === "aws-iam-access-key") return createIamAccessKeyCase(this, caseId);
    return this.createDatabaseCase(target, caseId);
  }

  private async createDatabaseCase(
    target: Exclude<RotationTarget, "key-broker" | "aws-iam-access-key">,
    caseId: string,
  ): Promise<RotationCase> {
    const postgres = target.startsWith("postgresql");
    const alternating = target.endsWith("alternating-users");
    const base = `u_${caseId}`;
    const password = randomPassword();
    this.capture.rememberSecret(password);
    const endpoint = postgres ? this.engines.postgres : this.engines.mariadb;
    const dbname = postgres ? "postgres" : `d_${caseId}`;
    const admin = postgres ? new PostgresAdmin(this.engines) : new MariadbAdmin(this.engines);
    await admin.createUser(base, password, dbname);
    let masterarn: string | undefined;
    if (alternating) {
      const masterPassword = randomPassword();
      this.capture.rememberSecret(masterPassword);
      await admin.createMaster(`m_${caseId}`, masterPassword);
      const master: DatabaseSecret = {
        engine: postgres ? "postgres" : "mariadb",
        host: endpoint.host,
        port: endpoint.port,
        username: `m_${caseId}`,
        password: masterPassword,
        dbname,
        sslmode: "verify-full",
      };
      masterarn = await createSecret(this.sm, `master-${caseId}`, JSON.stringify(master));
    }
    const secret: DatabaseSecret = {
      engine: postgres ? "postgres" : "mariadb",
      host: endpoint.host,
      port: endpoint.port,
      username: base,
      password,
      dbname,
      sslmode: "verify-full",
      ...(masterarn ? { masterarn } : {}),
    };
    const secretArn = await createSecret(this.sm, `rotation-${caseId}`, JSON.stringify(secret), pinTagsOf(secret));
    const world = this;
    const plainConnector = (logger: RedactingLogger): DatabaseConnector =>
      postgres ? new PostgresqlConnector(this.config, logger, secretArn) : new MysqlConnector(this.config, logger, secretArn);
    const makeStrategy = (config: RuntimeConfig, connector: DatabaseConnector): RotationStrategy<DatabaseSecret> =>
      alternating ? new AlternatingUsersStrategy(config, connector) : new SingleUserStrategy(config, connector);

    const logsIn = async (value: string): Promise<boolean> => {
      const parsed = JSON.parse(value) as DatabaseSecret;
      const session = await plainConnector(world.logger()).login(parsed);
      if (!session) return false;
      try {
        return (await session.probe()).encrypted;
      } finally {
        await session.close();
      }
    };

    return {
      target,
      secretArn,
      database: { user: base, ...(alternating ? { master: `m_${caseId}`, masterArn: masterarn } : {}) },
      logsIn,
      labelled: () => labelledValues(world.sm, secretArn),
      invoke: (step, token, budget) => {
        const handler = createRotationHandler(
          (config, logger, secretId) => {
            const connector = postgres ? new PostgresqlConnector(config, logger, secretId) : new MysqlConnector(config, logger, secretId);
            const instrumented = budget.instrument(connector, "db", (_method, result) =>
              result ? budget.trackSession(result as DatabaseSession) : result,
            );
            return makeStrategy(config, instrumented);
          },
          { environment: world.environment, sink: world.capture.sink, store: () => budget.instrument(new AwsSecretStore(world.sm), "sm") },
        );
        return handler({ Step: step, SecretId: secretArn, ClientRequestToken: token });
      },
      unstoredCredentials: async (labelled) => {
        const users = [base, ...(alternating && (await admin.userExists(alternateUsername(base))) ? [alternateUsername(base)] : [])];
        const lost: string[] = [];
        for (const user of users) {
          let stored = false;
          for (const version of labelled) {
            if (version.value && (JSON.parse(version.value) as DatabaseSecret).username === user && (await logsIn(version.value)))
              stored = true;
          }
          if (!stored) lost.push(`password of ${user}`);
        }
        return lost;
      },
    };
  }

  private async createKeyBrokerCase(caseId: string): Promise<RotationCase> {
    const tenant = `t${caseId}`;
    const first = this.broker.issue(tenant);
    this.capture.rememberSecret(first.apiKey);
    const value = { kind: "api-key", endpoint: this.broker.endpointFor(tenant), keyId: first.keyId, apiKey: first.apiKey };
    const secretArn = await createSecret(this.sm, `rotation-${caseId}`, JSON.stringify(value));
    const world = this;
    const client = new KeyBrokerClient({ ca: this.config.keyBrokerCa, timeoutMs: 10000 });
    return {
      target: "key-broker",
      secretArn,
      labelled: () => labelledValues(world.sm, secretArn),
      logsIn: async (text) => {
        const parsed = JSON.parse(text) as { endpoint: string; apiKey: string };
        return client.verifyKey(parsed.endpoint, parsed.apiKey);
      },
      invoke: (step, token, budget) => {
        const handler = createRotationHandler(
          (config) =>
            new KeyBrokerStrategy(
              budget.instrument(new KeyBrokerClient({ ca: config.keyBrokerCa, timeoutMs: config.connectTimeoutMs }), "broker"),
            ),
          { environment: world.environment, sink: world.capture.sink, store: () => budget.instrument(new AwsSecretStore(world.sm), "sm") },
        );
        return handler({ Step: step, SecretId: secretArn, ClientRequestToken: token });
      },
      unstoredCredentials: async (labelled) => {
        const stored = new Set(labelled.map((version) => (version.value ? (JSON.parse(version.value) as { apiKey: string }).apiKey : "")));
        return this.broker
          .activeKeys(tenant)
          .filter((key) => !stored.has(key))
          .map(() => "an active key that no version holds");
      },
    };
  }
}

/** What the final AWSCURRENT is, with AWSPENDING allowed only on that same version. */
export function currentVersion(labelled: readonly LabelledValue[]): LabelledValue | undefined {
  return labelled.find((version) => version.stages.includes(STAGE.current));
}

/** The pin tags Terraform would set on a database secret declared with this value's user and endpoint. */
export function pinTagsOf(secret: DatabaseSecret): Record<string, string> {
  return {
    [ROTATION_PIN_TAGS.user]: secret.username,
    [ROTATION_PIN_TAGS.host]: secret.host,
    [ROTATION_PIN_TAGS.port]: String(secret.port),
    [ROTATION_PIN_TAGS.database]: secret.dbname ?? (secret.engine === "postgres" ? "postgres" : ""),
    [ROTATION_PIN_TAGS.tls]: secret.sslmode ?? "verify-full",
  };
}

function randomPassword(): string {
  return randomBytes(24).toString("base64url");
}

interface DatabaseAdmin {
  createUser(name: string, password: string, dbname: string): Promise<void>;
  createMaster(name: string, password: string): Promise<void>;
  userExists(name: string): Promise<boolean>;
}

/** Test set-up through the superuser; never part of what is being tested. */
export class PostgresAdmin implements DatabaseAdmin {
  constructor(private readonly engines: Engines) {}

  async run<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const { host, port, adminUser, adminPassword } = this.engines.postgres;
    const client = new Client({
      host,
      port,
      user: adminUser,
      password: adminPassword,
      database: "postgres",
      ssl: { ca: readCa(this.engines) },
    });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  async createUser(name: string, password: string): Promise<void> {
    await this.run(async (client) => {
      await client.query(`CREATE ROLE ${client.escapeIdentifier(name)} LOGIN PASSWORD ${client.escapeLiteral(password)}`);
      await client.query(`CREATE SCHEMA ${client.escapeIdentifier(`s_${name}`)} AUTHORIZATION ${client.escapeIdentifier(name)}`);
    });
  }

  async createMaster(name: string, password: string): Promise<void> {
    await this.run((client) =>
      client.query(`CREATE ROLE ${client.escapeIdentifier(name)} LOGIN CREATEROLE PASSWORD ${client.escapeLiteral(password)}`),
    );
  }

  async userExists(name: string): Promise<boolean> {
    return this.run(async (client) => ((await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [name])).rowCount ?? 0) > 0);
  }
}

export class MariadbAdmin implements DatabaseAdmin {
  constructor(private readonly engines: Engines) {}

  async run<T>(work: (connection: Awaited<ReturnType<typeof createConnection>>) => Promise<T>): Promise<T> {
    const { host, port, adminUser, adminPassword } = this.engines.mariadb;
    const connection = await createConnection({ host, port, user: adminUser, password: adminPassword, ssl: { ca: readCa(this.engines) } });
    try {
      return await work(connection);
    } finally {
      await connection.end();
    }
  }

  async createUser(name: string, password: string, dbname: string): Promise<void> {
    await this.run(async (connection) => {
      await connection.query(`CREATE DATABASE \`${dbname}\``);
      await connection.query("CREATE USER ?@'%' IDENTIFIED BY ?", [name, password]);
      await connection.query(`GRANT ALL PRIVILEGES ON \`${dbname}\`.* TO ?@'%'`, [name]);
    });
  }

  async createMaster(name: string, password: string): Promise<void> {
    await this.run(async (connection) => {
      await connection.query("CREATE USER ?@'%' IDENTIFIED BY ?", [name, password]);
      await connection.query("GRANT ALL PRIVILEGES ON *.* TO ?@'%' WITH GRANT OPTION", [name]);
    });
  }

  async userExists(name: string): Promise<boolean> {
    return this.run(async (connection) => {
      const [rows] = await connection.query("SELECT 1 FROM mysql.user WHERE User = ?", [name]);
      return (rows as unknown[]).length > 0;
    });
  }
}

const caCache = new Map<string, string>();
function readCa(engines: Engines): string {
  if (!caCache.has(engines.caFile)) caCache.set(engines.caFile, require("node:fs").readFileSync(engines.caFile, "utf8"));
  return caCache.get(engines.caFile)!;
}

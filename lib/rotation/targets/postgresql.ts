import { Client, ClientConfig } from "pg";
import { DatabaseSecret } from "../contract";
import { rotationErrors } from "../errors";
import { scramSha256Verifier } from "../password-verifiers";
import { RedactingLogger } from "../redacting-logger";
import { DatabaseConnector, DatabaseSession, DatabaseUserFacts, assertSafeUsername } from "./database-target";
import { TransportSettings, nodeTlsOptions, transportSecurity } from "./tls-options";

/** SQLSTATEs that mean "these credentials are refused", as opposed to "the server is unreachable". */
const AUTHENTICATION_REFUSED = new Set(["28P01", "28000"]);
const APPLICATION_NAME = "secrets-manager-rotation";

export interface PostgresqlSettings extends TransportSettings {
  readonly connectTimeoutMs: number;
}

/** PostgreSQL through `pg`: TLS per tls-options.ts, identifiers quoted, passwords sent as SCRAM verifiers. */
export class PostgresqlConnector implements DatabaseConnector {
  constructor(
    private readonly settings: PostgresqlSettings,
    private readonly logger: RedactingLogger,
    private readonly secretArn: string,
  ) {}

  async login(secret: DatabaseSecret): Promise<DatabaseSession | undefined> {
    const security = transportSecurity(secret, this.settings, this.secretArn);
    const config: ClientConfig = {
      host: secret.host,
      port: secret.port,
      user: secret.username,
      password: secret.password,
      database: secret.dbname ?? "postgres",
      // Always explicit, so PGSSLMODE and friends in the environment can't weaken it.
      ssl: security.encrypted ? nodeTlsOptions(security, secret.host) : false,
      connectionTimeoutMillis: this.settings.connectTimeoutMs,
      query_timeout: this.settings.connectTimeoutMs,
      application_name: APPLICATION_NAME,
    };
    const client = new Client(config);
    // A client that fails later (server restart) emits "error"; without a listener Node would crash.
    client.on("error", () => undefined);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      if (AUTHENTICATION_REFUSED.has((error as { code?: string }).code ?? "")) return undefined;
      throw error;
    }
    return new PostgresqlSession(client, this.logger, security.encrypted, secret.host);
  }
}

class PostgresqlSession implements DatabaseSession {
  constructor(
    private readonly client: Client,
    private readonly logger: RedactingLogger,
    private readonly tlsRequired: boolean,
    private readonly host: string,
  ) {}

  async probe(): Promise<{ encrypted: boolean }> {
    await this.client.query("SELECT 1");
    // Judged on our side of the socket: pg_stat_ssl hides the row when the session runs SET ROLE
    // (the clone's default role), and our side is what must be encrypted anyway.
    const stream = (this.client as unknown as { connection?: { stream?: { encrypted?: boolean } } }).connection?.stream;
    const encrypted = stream?.encrypted === true;
    if (this.tlsRequired && !encrypted) throw rotationErrors.tlsNotInUse(this.host);
    return { encrypted };
  }

  async changeOwnPassword(username: string, newPassword: string): Promise<void> {
    assertSafeUsername(username);
    await this.client.query(`ALTER ROLE ${this.client.escapeIdentifier(username)} PASSWORD ${this.verifierLiteral(newPassword)}`);
  }

  async setPassword(username: string, newPassword: string): Promise<void> {
    assertSafeUsername(username);
    await this.client.query(
      `ALTER ROLE ${this.client.escapeIdentifier(username)} WITH LOGIN PASSWORD ${this.verifierLiteral(newPassword)}`,
    );
  }

  async inspectUser(username: string): Promise<DatabaseUserFacts> {
    assertSafeUsername(username);
    const result = await this.client.query<{ rolsuper: boolean; self: boolean }>(
      "SELECT rolsuper, (rolname = session_user OR rolname = current_user) AS self FROM pg_roles WHERE rolname = $1",
      [username],
    );
    const row = result.rows[0];
    return { exists: row !== undefined, superuser: row?.rolsuper === true, isSessionUser: row?.self === true };
  }

  async ensureClone(cloneName: string, baseName: string, newPassword: string): Promise<void> {
    assertSafeUsername(cloneName);
    assertSafeUsername(baseName);
    const clone = this.client.escapeIdentifier(cloneName);
    const base = this.client.escapeIdentifier(baseName);
    // One transaction: a crash leaves either no clone or a complete one.
    await this.client.query("BEGIN");
    try {
      const existing = await this.client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [cloneName]);
      const verb = existing.rowCount === 0 ? "CREATE" : "ALTER";
      await this.client.query(`${verb} ROLE ${clone} WITH LOGIN PASSWORD ${this.verifierLiteral(newPassword)}`);
      // Membership gives the clone the base's privileges and memberships; the default role makes
      // every object the clone creates owned by the base, so both users can use it.
      await this.client.query(`GRANT ${base} TO ${clone}`);
      await this.client.query(`ALTER ROLE ${clone} SET role = ${this.client.escapeLiteral(baseName)}`);
      await this.client.query("COMMIT");
    } catch (error) {
      await this.client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }

  /** A quoted SCRAM verifier: the plaintext never reaches the server (or its statement log). */
  private verifierLiteral(password: string): string {
    const verifier = scramSha256Verifier(password);
    this.logger.addSecret(verifier);
    return this.client.escapeLiteral(verifier);
  }
}

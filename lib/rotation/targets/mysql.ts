import { Connection, ConnectionOptions, RowDataPacket, createConnection } from "mysql2/promise";
import { DatabaseSecret } from "../contract";
import { RotationError, rotationErrors } from "../errors";
import { mysqlNativePasswordHash } from "../password-verifiers";
import { RedactingLogger } from "../redacting-logger";
import { DatabaseConnector, DatabaseSession, DatabaseUserFacts, assertSafeUsername } from "./database-target";
import { TransportSettings, transportSecurity } from "./tls-options";

/**
 * The credentials are refused (as opposed to the server being unreachable): ER_ACCESS_DENIED_ERROR,
 * and ER_ACCESS_DENIED_NO_PASSWORD_ERROR, which MariaDB answers now and then for an unknown user.
 */
const ACCESS_DENIED = new Set([1045, 1698]);

export interface MysqlSettings extends TransportSettings {
  readonly connectTimeoutMs: number;
}

/**
 * MySQL and MariaDB through `mysql2`. On MariaDB passwords are sent as mysql_native_password hashes
 * (`IDENTIFIED BY PASSWORD`), never in plaintext; on MySQL 8 (caching_sha2_password has no such
 * form) the driver escapes the literal and the server masks it in its logs.
 */
export class MysqlConnector implements DatabaseConnector {
  constructor(
    private readonly settings: MysqlSettings,
    private readonly logger: RedactingLogger,
    private readonly secretArn: string,
  ) {}

  async login(secret: DatabaseSecret): Promise<DatabaseSession | undefined> {
    const security = transportSecurity(secret, this.settings, this.secretArn);
    const options: ConnectionOptions = {
      host: secret.host,
      port: secret.port,
      user: secret.username,
      password: secret.password,
      database: secret.dbname,
      connectTimeout: this.settings.connectTimeoutMs,
      ssl: security.encrypted
        ? { rejectUnauthorized: security.verifyChain, verifyIdentity: security.verifyHostName, ...(security.ca ? { ca: security.ca } : {}) }
        : undefined,
      // The driver's own escaping for `?` placeholders; no multiple statements.
      multipleStatements: false,
    };
    let connection: Connection;
    try {
      connection = await createConnection(options);
    } catch (error) {
      if (ACCESS_DENIED.has((error as { errno?: number }).errno ?? 0)) return undefined;
      throw error;
    }
    connection.on("error", () => undefined);
    try {
      await setKnownSqlMode(connection);
    } catch (error) {
      await connection.end().catch(() => undefined);
      throw error;
    }
    return new MysqlSession(connection, this.logger, security.encrypted, secret.host);
  }
}

class MysqlSession implements DatabaseSession {
  private mariadb: boolean | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly logger: RedactingLogger,
    private readonly tlsRequired: boolean,
    private readonly host: string,
  ) {}

  async probe(): Promise<{ encrypted: boolean }> {
    const [rows] = await this.connection.query<RowDataPacket[]>("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
    const encrypted = typeof rows[0]?.Value === "string" && rows[0].Value.length > 0;
    if (this.tlsRequired && !encrypted) throw rotationErrors.tlsNotInUse(this.host);
    return { encrypted };
  }

  async changeOwnPassword(_username: string, newPassword: string): Promise<void> {
    if (await this.isMariadb()) {
      // SET PASSWORD without FOR changes the session user's own password; no privilege needed.
      await this.connection.query(`SET PASSWORD = ${this.connection.escape(this.nativeHash(newPassword))}`);
    } else {
      await this.connection.query("ALTER USER CURRENT_USER() IDENTIFIED BY ?", [newPassword]);
    }
  }

  async setPassword(username: string, newPassword: string): Promise<void> {
    assertSafeUsername(username);
    const host = await this.accountHost(username);
    await this.connection.query(`ALTER USER ?@? ${await this.identifiedBy(newPassword)}`, [username, host]);
  }

  async inspectUser(username: string): Promise<DatabaseUserFacts> {
    assertSafeUsername(username);
    const [rows] = await this.connection.query<RowDataPacket[]>(
      "SELECT Super_priv AS super, CONCAT(User, '@', Host) = CURRENT_USER() AS self FROM mysql.user WHERE User = ?",
      [username],
    );
    return {
      exists: rows.length > 0,
      superuser: rows.some((row) => row.super === "Y"),
      isSessionUser: rows.some((row) => Number(row.self) === 1),
    };
  }

  async ensureClone(cloneName: string, baseName: string, newPassword: string): Promise<void> {
    assertSafeUsername(cloneName);
    assertSafeUsername(baseName);
    const host = await this.accountHost(baseName);
    const identified = await this.identifiedBy(newPassword);
    // DDL is not transactional here: every statement is idempotent and all run on every retry.
    await this.connection.query(`CREATE USER IF NOT EXISTS ?@? ${identified}`, [cloneName, host]);
    await this.connection.query(`ALTER USER ?@? ${identified}`, [cloneName, host]);
    const [grants] = await this.connection.query<RowDataPacket[]>("SHOW GRANTS FOR ?@?", [baseName, host]);
    const baseAccount = `${quoteIdentifier(baseName)}@${quoteIdentifier(host)}`;
    const cloneAccount = `${quoteIdentifier(cloneName)}@${quoteIdentifier(host)}`;
    for (const row of grants) {
      const statement = String(Object.values(row)[0]);
      if (!statement.includes(` TO ${baseAccount}`))
        throw new RotationError(`unexpected grant format for ${baseName}; can't copy it to ${cloneName}`);
      // Copy privileges and roles, never the base's password hash.
      const copied = statement.replace(` TO ${baseAccount}`, ` TO ${cloneAccount}`).replace(/ IDENTIFIED (BY PASSWORD|VIA|WITH) .*$/, "");
      await this.connection.query(copied);
    }
  }

  async close(): Promise<void> {
    await this.connection.end().catch(() => undefined);
  }

  private async isMariadb(): Promise<boolean> {
    if (this.mariadb === undefined) {
      const [rows] = await this.connection.query<RowDataPacket[]>("SELECT VERSION() AS version");
      this.mariadb = String(rows[0]?.version).includes("MariaDB");
    }
    return this.mariadb;
  }

  private async identifiedBy(password: string): Promise<string> {
    if (await this.isMariadb()) return `IDENTIFIED BY PASSWORD ${this.connection.escape(this.nativeHash(password))}`;
    return `IDENTIFIED BY ${this.connection.escape(password)}`;
  }

  private nativeHash(password: string): string {
    const hash = mysqlNativePasswordHash(password);
    this.logger.addSecret(hash);
    return hash;
  }

  /** The host part of a user's one account; several accounts with one name are ambiguous, so refused. */
  private async accountHost(username: string): Promise<string> {
    assertSafeUsername(username);
    const [rows] = await this.connection.query<RowDataPacket[]>("SELECT Host AS host FROM mysql.user WHERE User = ?", [username]);
    if (rows.length !== 1) throw new RotationError(`expected exactly one account named ${username}, found ${rows.length}`);
    return String(rows[0].host);
  }
}

/**
 * The sql_mode of every rotation session, whatever the server's global one: without
 * NO_BACKSLASH_ESCAPES (the driver escapes quotes with backslashes; under that mode an escaped quote
 * ends the string and the rest runs as SQL) and without ANSI_QUOTES (so `"` never quotes identifiers).
 */
export const ROTATION_SQL_MODE = "STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_AUTO_CREATE_USER";

/** Sets the known sql_mode and checks the server took it (MySQL 8 has no NO_AUTO_CREATE_USER: then without it). */
export async function setKnownSqlMode(connection: Connection): Promise<void> {
  try {
    await connection.query(`SET SESSION sql_mode = '${ROTATION_SQL_MODE}'`);
  } catch {
    await connection.query("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'");
  }
  const [rows] = await connection.query<RowDataPacket[]>("SELECT @@SESSION.sql_mode AS mode");
  const mode = String(rows[0]?.mode ?? "").split(",");
  if (mode.includes("NO_BACKSLASH_ESCAPES") || mode.includes("ANSI_QUOTES"))
    throw new RotationError("the server kept NO_BACKSLASH_ESCAPES or ANSI_QUOTES in the session's sql_mode; refusing to send escaped SQL");
}

function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}

import { Connection, ConnectionOptions, RowDataPacket, createConnection } from "mysql2/promise";
import { DatabaseSecret } from "../contract";
import { RotationError, rotationErrors } from "../errors";
import { mysqlNativePasswordHash } from "../password-verifiers";
import { RedactingLogger } from "../redacting-logger";
import { DatabaseConnector, DatabaseSession } from "./database-target";
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
    const host = await this.accountHost(username);
    await this.connection.query(`ALTER USER ?@? ${await this.identifiedBy(newPassword)}`, [username, host]);
  }

  async ensureClone(cloneName: string, baseName: string, newPassword: string): Promise<void> {
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
      if (!statement.includes(` TO ${baseAccount}`)) throw new RotationError(`unexpected grant format for ${baseName}; can't copy it to ${cloneName}`);
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
    const [rows] = await this.connection.query<RowDataPacket[]>("SELECT Host AS host FROM mysql.user WHERE User = ?", [username]);
    if (rows.length !== 1) throw new RotationError(`expected exactly one account named ${username}, found ${rows.length}`);
    return String(rows[0].host);
  }
}

function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}

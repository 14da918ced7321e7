/*
 * Issue 11, class 8 on the real MariaDB: every rotation session sets a known sql_mode (the driver's
 * backslash escaping is wrong under NO_BACKSLASH_ESCAPES), user names are checked before any SQL,
 * and a server error that quotes a cut piece of a secret is still redacted.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Connection, RowDataPacket, createConnection } from "mysql2/promise";
import { DatabaseSecret } from "../../../lib/rotation/contract";
import { mysqlNativePasswordHash } from "../../../lib/rotation/password-verifiers";
import { RedactingLogger, describeError } from "../../../lib/rotation/redacting-logger";
import { readRuntimeConfig } from "../../../lib/rotation/runtime-config";
import { MysqlConnector, setKnownSqlMode } from "../../../lib/rotation/targets/mysql";
import { loadEngines } from "../../support/rotation/engines";
import { MariadbAdmin } from "../../support/rotation/rotation-fixtures";

const engines = loadEngines();
const admin = new MariadbAdmin(engines);
const rawConnection = (): Promise<Connection> =>
  createConnection({
    host: engines.mariadb.host,
    port: engines.mariadb.port,
    user: engines.mariadb.adminUser,
    password: engines.mariadb.adminPassword,
    ssl: { ca: readFileSync(engines.caFile, "utf8") },
  });

/** Runs `work` while the server's global sql_mode includes NO_BACKSLASH_ESCAPES (new sessions inherit it). */
async function withServerMode<T>(work: () => Promise<T>): Promise<T> {
  const [rows] = await admin.run((c) => c.query<RowDataPacket[]>("SELECT @@GLOBAL.sql_mode AS mode"));
  const saved = String(rows[0].mode);
  await admin.run((c) => c.query("SET GLOBAL sql_mode = ?", [`${saved ? `${saved},` : ""}NO_BACKSLASH_ESCAPES`]));
  try {
    return await work();
  } finally {
    await admin.run((c) => c.query("SET GLOBAL sql_mode = ?", [saved]));
  }
}

describe("MySQL/MariaDB sessions of the rotation function", () => {
  const logger = new RedactingLogger(() => undefined);
  const master: DatabaseSecret = {
    engine: "mariadb",
    host: engines.mariadb.host,
    port: engines.mariadb.port,
    username: engines.mariadb.adminUser,
    password: engines.mariadb.adminPassword,
    sslmode: "verify-full",
  };
  const connector = new MysqlConnector(readRuntimeConfig({ DATABASE_CA_FILE: engines.caFile }), logger, "arn:test:mysql-session");

  it("an injected OR in a user name never reaches the host lookup, even under NO_BACKSLASH_ESCAPES", async () => {
    // GIVEN a victim account, and a server whose sessions treat backslashes literally
    const victim = `v_${randomBytes(3).toString("hex")}`;
    const victimPassword = randomBytes(18).toString("base64url");
    await admin.createUser(victim, victimPassword, `dv_${victim}`);
    const injected = `nobody' OR User=0x${Buffer.from(victim).toString("hex")} -- `;
    await withServerMode(async () => {
      const session = (await connector.login(master))!;
      try {
        // WHEN the master is asked to set the injected name's password THEN it refuses before any SQL
        await expect(session.setPassword(injected, "new-password-0123456789abcdef")).rejects.toThrow(/not a plain identifier/);
        await expect(session.ensureClone(`${injected}_clone`, injected, "new-password-0123456789abcdef")).rejects.toThrow(
          /not a plain identifier/,
        );
      } finally {
        await session.close();
      }
    });
    // AND the victim's password is what it was
    const session = await connector.login({ ...master, username: victim, password: victimPassword, dbname: `dv_${victim}` });
    expect(session).toBeDefined();
    await session!.close();
  });

  it("every session sets the known sql_mode, so the driver's escaping holds under a server-wide NO_BACKSLASH_ESCAPES", async () => {
    const tricky = `x\\' OR 1=1 -- ' "y" \`z\``;
    await withServerMode(async () => {
      const connection = await rawConnection();
      try {
        // Without it the escaped quote ends the string and the rest is SQL.
        const before = await connection.query<RowDataPacket[]>("SELECT ? AS v", [tricky]).then(
          ([rows]) => rows[0]?.v,
          () => "refused by the parser",
        );
        expect(before).not.toBe(tricky);
        await setKnownSqlMode(connection);
        const [rows] = await connection.query<RowDataPacket[]>("SELECT ? AS v, @@SESSION.sql_mode AS mode", [tricky]);
        expect(rows[0].v).toBe(tricky);
        expect(String(rows[0].mode)).not.toMatch(/NO_BACKSLASH_ESCAPES|ANSI_QUOTES/);
      } finally {
        await connection.end();
      }
      // The connector's own sessions work there too: the superuser check reads the master as itself.
      const session = (await connector.login(master))!;
      try {
        expect(await session.inspectUser(engines.mariadb.adminUser)).toMatchObject({ exists: true, isSessionUser: true });
      } finally {
        await session.close();
      }
    });
  });

  it("redacts the piece of a password hash MariaDB quotes in a syntax error cut at 80 characters", async () => {
    // GIVEN a registered hash placed so that the server's `near '%-.80s'` cuts it after 9 characters
    const hash = mysqlNativePasswordHash(randomBytes(24).toString("base64url"));
    const redactor = new RedactingLogger(() => undefined);
    redactor.addSecret(hash);
    // MariaDB shows 77 characters of the statement from the error on, then "..." (`near '%-.80T'`).
    const filler = "a".repeat(77 - "IDENTIFID ".length - " IDENTIFIED BY PASSWORD '".length - 9);
    const statement = `ALTER USER 'nobody'@'%' IDENTIFID ${filler} IDENTIFIED BY PASSWORD '${hash}'`;
    const connection = await rawConnection();
    let error: unknown;
    try {
      await connection.query(statement).catch((e: unknown) => (error = e));
    } finally {
      await connection.end();
    }
    const raw = String((error as Error).message);
    // The server really quoted a cut piece (the premise of the test), not the whole hash.
    expect(raw).toContain(hash.slice(0, 9));
    expect(raw).not.toContain(hash);
    // WHEN the error is described for a log line or a thrown error THEN no piece of the hash is left
    const described = describeError(error, redactor);
    for (let length = 4; length <= hash.length; length++) expect(described).not.toContain(hash.slice(0, length));
    expect(described).toContain("[REDACTED]");
  });
});

import {
  CLONE_SUFFIX,
  DATABASE_USERNAME_PATTERN,
  DEFAULT_SSL_MODE,
  DatabaseEngine,
  DatabaseSecret,
  RESERVED_DATABASE_USERS,
  ROTATION_PIN_TAGS,
  SSL_MODES,
  SslMode,
  sslModeAtLeast,
} from "./contract";
import { RotationError } from "./errors";
import { ValueOrigin } from "./secret-values";

/** What a database rotation may act on, read from the secret's Terraform-managed tags. */
export interface DatabasePins {
  /** The declared user; for alternating users the base user, whose only partner is `<user>_clone`. */
  readonly user: string;
  readonly host: string;
  readonly port: number;
  /** The database name; "" when a MySQL/MariaDB secret names none. */
  readonly database: string;
  /** The weakest TLS mode allowed. */
  readonly tls: SslMode;
}

/** Longest user names the engines accept: PostgreSQL 63 bytes, MariaDB 80 characters, MySQL 32. */
export const MAXIMUM_USERNAME_LENGTH: Readonly<Record<DatabaseEngine, number>> = { postgres: 63, mariadb: 80, mysql: 32 };

/** The database a value points at: PostgreSQL's default is `postgres`, MySQL's is none (""). */
export function effectiveDatabase(secret: Pick<DatabaseSecret, "engine" | "dbname">): string {
  return secret.dbname ?? (secret.engine === "postgres" ? "postgres" : "");
}

export function effectiveSslMode(secret: Pick<DatabaseSecret, "sslmode">): SslMode {
  return secret.sslmode ?? DEFAULT_SSL_MODE;
}

/**
 * Reads the pins. Every pin must be present and well-formed: a secret Terraform did not pin (or
 * whose tags someone removed) is not rotated at all.
 */
export function readDatabasePins(tags: Readonly<Record<string, string>>, secretArn: string): DatabasePins {
  const missing = Object.values(ROTATION_PIN_TAGS).filter((key) => tags[key] === undefined);
  if (missing.length > 0) throw pinErrors.missing(secretArn, missing);
  const user = tags[ROTATION_PIN_TAGS.user];
  const port = Number(tags[ROTATION_PIN_TAGS.port]);
  const tls = tags[ROTATION_PIN_TAGS.tls];
  if (!/^\d{1,5}$/.test(tags[ROTATION_PIN_TAGS.port]) || port < 1 || port > 65535)
    throw pinErrors.malformed(secretArn, ROTATION_PIN_TAGS.port, "an integer from 1 to 65535");
  if (!SSL_MODES.includes(tls as SslMode)) throw pinErrors.malformed(secretArn, ROTATION_PIN_TAGS.tls, `one of ${SSL_MODES.join(", ")}`);
  if (tags[ROTATION_PIN_TAGS.host] === "") throw pinErrors.malformed(secretArn, ROTATION_PIN_TAGS.host, "a host name");
  checkUsername(user, secretArn, `tag ${ROTATION_PIN_TAGS.user}`);
  return { user, host: tags[ROTATION_PIN_TAGS.host], port, database: tags[ROTATION_PIN_TAGS.database], tls: tls as SslMode };
}

/**
 * A user name rotation may act on: the strict pattern (before any SQL sees it) and never an
 * administrative account. The name is quoted in messages only once it matched the pattern.
 */
export function checkUsername(username: string, secretArn: string, where: string): void {
  if (!DATABASE_USERNAME_PATTERN.test(username) || username.length > 80) {
    throw new RotationError(
      `${where} of ${secretArn} is not a user name rotation accepts (${username.length} characters; expected a letter or "_", then letters, digits, "_", "." or "-")`,
    );
  }
  if (isReservedUsername(username) || isReservedUsername(baseOf(username))) {
    throw new RotationError(
      `${where} of ${secretArn} names the administrative account ${username}; rotation never sets an administrator's password`,
    );
  }
}

export function isReservedUsername(username: string): boolean {
  return (RESERVED_DATABASE_USERS as readonly string[]).includes(username.toLowerCase());
}

function baseOf(username: string): string {
  return username.endsWith(CLONE_SUFFIX) ? username.slice(0, -CLONE_SUFFIX.length) : username;
}

/**
 * A value agrees with the pins: same host, port and database, a TLS mode at least the pinned one,
 * and the pinned user (or, for alternating users, its clone `<user>_clone`).
 */
export function checkValueAgainstPins(value: DatabaseSecret, pins: DatabasePins, alternating: boolean, origin: ValueOrigin): void {
  const disagree = (field: string) => pinErrors.disagrees(origin, field);
  if (value.host !== pins.host) throw disagree("host");
  if (value.port !== pins.port) throw disagree("port");
  if (effectiveDatabase(value) !== pins.database) throw disagree("database");
  if (!sslModeAtLeast(effectiveSslMode(value), pins.tls)) {
    throw new RotationError(
      `the ${origin.stage} value of ${origin.secretArn} asks for sslmode "${effectiveSslMode(value)}", weaker than the "${pins.tls}" its ${ROTATION_PIN_TAGS.tls} tag allows; a weaker TLS mode must be declared in the inventory`,
    );
  }
  const allowed = alternating ? [pins.user, `${pins.user}${CLONE_SUFFIX}`] : [pins.user];
  if (!allowed.includes(value.username)) throw disagree("username");
  if (value.username.length > MAXIMUM_USERNAME_LENGTH[value.engine]) {
    throw new RotationError(
      `user name ${value.username} of ${origin.secretArn} is longer than ${value.engine} allows (${MAXIMUM_USERNAME_LENGTH[value.engine]})`,
    );
  }
}

export const pinErrors = {
  missing: (secretArn: string, tags: readonly string[]) =>
    new RotationError(
      `${secretArn} lacks the rotation pin tag(s) ${tags.join(", ")}; Terraform sets them from the inventory (database.username, host, port, name, tls): apply the environment's stack, rotation refuses an unpinned secret`,
    ),
  malformed: (secretArn: string, tag: string, expected: string) => new RotationError(`the ${tag} tag of ${secretArn} must be ${expected}`),
  disagrees: (origin: ValueOrigin, field: string) =>
    new RotationError(
      `the ${origin.stage} value of ${origin.secretArn} names a different ${field} than its rotation pin tags allow; refusing to act on a user or server the inventory did not declare`,
    ),
} as const;

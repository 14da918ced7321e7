import { DATABASE_USERNAME_PATTERN, DatabaseSecret } from "../contract";
import { RotationError } from "../errors";

/** Logs in to one kind of database. */
export interface DatabaseConnector {
  /**
   * A session as these credentials, or undefined when the server refuses them (wrong password,
   * unknown user). Any other failure (network, TLS, refused plaintext) throws: it says nothing about
   * the password, so rotation must not act on it.
   */
  login(secret: DatabaseSecret): Promise<DatabaseSession | undefined>;
}

export interface DatabaseSession {
  /** A harmless read; reports whether the connection is encrypted. */
  probe(): Promise<{ readonly encrypted: boolean }>;
  /** Single user: the logged-in user sets its own password. */
  changeOwnPassword(username: string, newPassword: string): Promise<void>;
  /** Master: sets the password of an existing user. */
  setPassword(username: string, newPassword: string): Promise<void>;
  /**
   * Master: creates `cloneName` if missing, sets its password, and gives it everything `baseName`
   * has, so that either user can read and write what the other created.
   */
  ensureClone(cloneName: string, baseName: string, newPassword: string): Promise<void>;
  /**
   * Master: what the server says about a user before rotation touches it. The name has passed the
   * strict user name pattern already.
   */
  inspectUser(username: string): Promise<DatabaseUserFacts>;
  close(): Promise<void>;
}

export interface DatabaseUserFacts {
  readonly exists: boolean;
  /** PostgreSQL rolsuper; MySQL/MariaDB SUPER (or ALL) on *.*. */
  readonly superuser: boolean;
  /** The session's own (master) user. */
  readonly isSessionUser: boolean;
}

/** Every user name a session puts into SQL passes this first, whatever quoting follows. */
export function assertSafeUsername(username: string): string {
  if (!DATABASE_USERNAME_PATTERN.test(username) || username.length > 80) {
    throw new RotationError(`refusing a user name that is not a plain identifier (${username.length} characters) before it reaches SQL`);
  }
  return username;
}

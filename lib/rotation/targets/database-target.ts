import { DatabaseSecret } from "../contract";

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
  close(): Promise<void>;
}

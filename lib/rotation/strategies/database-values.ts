import { CLONE_SUFFIX, DatabaseSecret } from "../contract";
import { RotationError, rotationErrors } from "../errors";
import { generatePassword } from "../password";
import { RedactingLogger } from "../redacting-logger";
import { StepContext } from "../rotation-strategy";
import { RuntimeConfig } from "../runtime-config";
import { ValueOrigin, parseDatabaseSecret, serializeDatabaseSecret } from "../secret-values";
import { withToolFields } from "../record-fields";
import { DatabasePins, MAXIMUM_USERNAME_LENGTH, checkValueAgainstPins, effectiveSslMode, readDatabasePins } from "../database-pins";

export type UserMode = "single-user" | "alternating-users";

/** The base user of an alternating pair: `app` for both `app` and `app_clone`. */
export function baseUsername(username: string): string {
  return username.endsWith(CLONE_SUFFIX) ? username.slice(0, -CLONE_SUFFIX.length) : username;
}

/** The other user of the pair. */
export function alternateUsername(username: string): string {
  return username.endsWith(CLONE_SUFFIX) ? baseUsername(username) : `${username}${CLONE_SUFFIX}`;
}

/** Parsing, serializing, making and comparing database secret values: shared by both user modes. */
export class DatabaseValues {
  constructor(
    private readonly mode: UserMode,
    private readonly config: RuntimeConfig,
  ) {}

  parse(text: string, origin: ValueOrigin, logger: RedactingLogger): DatabaseSecret {
    return parseDatabaseSecret(text, origin, logger);
  }

  /** The value names only what the secret's pin tags allow (read fresh from DescribeSecret each step). */
  checkPinned(value: DatabaseSecret, origin: ValueOrigin, context: StepContext): void {
    checkValueAgainstPins(value, this.pins(context), this.mode === "alternating-users", origin);
  }

  protected pins(context: StepContext): DatabasePins {
    return readDatabasePins(context.tags, context.secretArn);
  }

  /** The value with the fields Airflow's Secrets Manager backend reads (record-fields.ts), in the same version. */
  serialize(value: DatabaseSecret): string {
    return serializeDatabaseSecret(withToolFields("database", "aws", value));
  }

  async createPending(current: DatabaseSecret, context: StepContext): Promise<DatabaseSecret> {
    // The pair is the pinned user and its clone, whatever the value says.
    const pinnedUser = this.pins(context).user;
    const username =
      this.mode === "single-user" ? pinnedUser : current.username === pinnedUser ? alternateUsername(pinnedUser) : pinnedUser;
    if (this.mode === "alternating-users" && current.masterarn === undefined) {
      throw rotationErrors.malformedSecret(context.secretArn, "AWSCURRENT", `alternating users need "masterarn"`);
    }
    if (username.length > MAXIMUM_USERNAME_LENGTH[current.engine]) {
      throw new RotationError(`user name ${username} is longer than ${current.engine} allows (${MAXIMUM_USERNAME_LENGTH[current.engine]})`);
    }
    const password = await generatePassword(context.store, this.config, context.logger);
    return { ...current, username, password };
  }

  checkSameTarget(current: DatabaseSecret, other: DatabaseSecret, context: StepContext): void {
    for (const field of ["engine", "host", "port", "dbname", "masterarn"] as const) {
      if (current[field] !== other[field]) throw rotationErrors.identityChanged(context.secretArn, field);
    }
    if (effectiveSslMode(current) !== effectiveSslMode(other)) throw rotationErrors.identityChanged(context.secretArn, "sslmode");
    const sameUser =
      this.mode === "single-user" ? current.username === other.username : baseUsername(current.username) === baseUsername(other.username);
    if (!sameUser) throw rotationErrors.identityChanged(context.secretArn, "username");
  }
}

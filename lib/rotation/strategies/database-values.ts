import { CLONE_SUFFIX, DatabaseSecret } from "../contract";
import { RotationError, rotationErrors } from "../errors";
import { generatePassword } from "../password";
import { RedactingLogger } from "../redacting-logger";
import { StepContext } from "../rotation-strategy";
import { RuntimeConfig } from "../runtime-config";
import { ValueOrigin, parseDatabaseSecret, serializeDatabaseSecret } from "../secret-values";

export type UserMode = "single-user" | "alternating-users";

/** Longest user names the engines accept: PostgreSQL 63 bytes, MariaDB 80 characters, MySQL 32. */
const MAXIMUM_USERNAME_LENGTH = { postgres: 63, mariadb: 80, mysql: 32 } as const;

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

  serialize(value: DatabaseSecret): string {
    return serializeDatabaseSecret(value);
  }

  async createPending(current: DatabaseSecret, context: StepContext): Promise<DatabaseSecret> {
    const username = this.mode === "single-user" ? current.username : alternateUsername(current.username);
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
    const sameUser =
      this.mode === "single-user" ? current.username === other.username : baseUsername(current.username) === baseUsername(other.username);
    if (!sameUser) throw rotationErrors.identityChanged(context.secretArn, "username");
  }
}

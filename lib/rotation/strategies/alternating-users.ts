import { CLONE_SUFFIX, DatabaseSecret, STAGE, SslMode, sslModeAtLeast } from "../contract";
import { DatabasePins, effectiveSslMode } from "../database-pins";
import { RotationError, rotationErrors } from "../errors";
import { RotationStrategy, StepContext } from "../rotation-strategy";
import { RuntimeConfig } from "../runtime-config";
import { parseDatabaseSecret } from "../secret-values";
import { DatabaseConnector, DatabaseSession } from "../targets/database-target";
import { DatabaseValues } from "./database-values";
import { testDatabaseLogin } from "./test-database-login";

/**
 * Two users, `<user>` and `<user>_clone`, take turns: the master credential (`masterarn`) sets the
 * password of the one not in use, so the current value keeps working throughout. `<user>` is the
 * secret's `rotation-user` pin, never the value's own `username`; the master's own user, a
 * superuser and a clone this credential did not create are refused.
 */
export class AlternatingUsersStrategy extends DatabaseValues implements RotationStrategy<DatabaseSecret> {
  constructor(
    config: RuntimeConfig,
    private readonly connector: DatabaseConnector,
  ) {
    super("alternating-users", config);
  }

  async setPending(
    values: { current: DatabaseSecret; pending: DatabaseSecret; previous?: DatabaseSecret },
    context: StepContext,
  ): Promise<void> {
    const { current, pending, previous } = values;
    const pins = this.pins(context);
    const alreadySet = await this.connector.login(pending);
    if (alreadySet) {
      await alreadySet.close();
      context.logger.info("pending value logs in already");
      return;
    }
    const base = pins.user;
    const clone = `${base}${CLONE_SUFFIX}`;
    const master = await this.readMaster(current, pins, context);
    if ([base, clone].some((name) => name.toLowerCase() === master.username.toLowerCase())) {
      throw new RotationError(
        `${context.secretArn} pins ${base}, whose pair includes the master user of ${current.masterarn}; rotation never sets the master's password`,
      );
    }
    const session = await this.connector.login(master);
    if (!session) throw rotationErrors.masterLoginFailed(current.masterarn as string);
    try {
      await session.probe();
      await refusePrivileged(session, base, context);
      if (pending.username === base) {
        if (!(await session.inspectUser(base)).exists)
          throw new RotationError(`the declared user ${base} of ${context.secretArn} does not exist; create it before rotating`);
        await session.setPassword(base, pending.password);
      } else {
        const target = await refusePrivileged(session, clone, context);
        if (target.exists && !(await this.ownsClone(clone, [current, previous]))) throw cloneNotOurs(clone, context.secretArn);
        await session.ensureClone(clone, base, pending.password);
      }
    } finally {
      await session.close();
    }
    context.logger.info("password set by the master user", { username: pending.username });
  }

  async testPending(pending: DatabaseSecret, context: StepContext): Promise<void> {
    await testDatabaseLogin(this.connector, pending, context);
  }

  /**
   * An existing `<user>_clone` is this credential's clone only if a version of this secret logs in
   * as it (normally AWSPREVIOUS, the clone's value of the rotation before last). A role someone else
   * made under that name, or one whose password no version of the secret knows, is never reset.
   */
  private async ownsClone(clone: string, versions: ReadonlyArray<DatabaseSecret | undefined>): Promise<boolean> {
    for (const version of versions) {
      if (version === undefined || version.username !== clone) continue;
      const session = await this.connector.login(version);
      if (session) {
        await session.close();
        return true;
      }
    }
    return false;
  }

  /** The master secret must point at the same server: otherwise its credential would act elsewhere. */
  private async readMaster(current: DatabaseSecret, pins: DatabasePins, context: StepContext): Promise<DatabaseSecret> {
    const masterArn = current.masterarn as string;
    const text = await context.store.getValue(masterArn, { stage: STAGE.current });
    if (text === undefined) throw rotationErrors.noCurrent(masterArn);
    const master = parseDatabaseSecret(text, { secretArn: masterArn, stage: STAGE.current }, context.logger);
    for (const field of ["engine", "host", "port"] as const) {
      if (master[field] !== current[field]) throw rotationErrors.identityChanged(masterArn, field);
    }
    // The master connects at least as securely as the pin requires.
    const masterMode = effectiveSslMode(master);
    const sslmode: SslMode = sslModeAtLeast(masterMode, pins.tls) ? masterMode : pins.tls;
    return { ...master, dbname: current.dbname ?? master.dbname, sslmode };
  }
}

/** A superuser, or the master's own session user, is never a rotation target. */
async function refusePrivileged(session: DatabaseSession, username: string, context: StepContext) {
  const user = await session.inspectUser(username);
  if (user.superuser)
    throw new RotationError(
      `${username} (pinned by ${context.secretArn}) is a superuser; rotation never sets a superuser's password or copies its rights`,
    );
  if (user.isSessionUser)
    throw new RotationError(
      `${username} (pinned by ${context.secretArn}) is the master's own user; rotation never sets the master's password`,
    );
  return user;
}

function cloneNotOurs(clone: string, secretArn: string): RotationError {
  return new RotationError(
    `a user named ${clone} exists but no version of ${secretArn} logs in as it, so it was not created as this credential's clone; drop or rename it (or put its working value as AWSPREVIOUS) before rotating`,
  );
}

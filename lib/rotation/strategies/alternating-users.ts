import { DatabaseSecret, STAGE } from "../contract";
import { rotationErrors } from "../errors";
import { RotationStrategy, StepContext } from "../rotation-strategy";
import { RuntimeConfig } from "../runtime-config";
import { parseDatabaseSecret } from "../secret-values";
import { DatabaseConnector } from "../targets/database-target";
import { DatabaseValues, baseUsername } from "./database-values";
import { testDatabaseLogin } from "./test-database-login";

/**
 * Two users, `<user>` and `<user>_clone`, take turns: the master credential (`masterarn`) sets the
 * password of the one not in use, so the current value keeps working throughout.
 */
export class AlternatingUsersStrategy extends DatabaseValues implements RotationStrategy<DatabaseSecret> {
  constructor(
    config: RuntimeConfig,
    private readonly connector: DatabaseConnector,
  ) {
    super("alternating-users", config);
  }

  async setPending(values: { current: DatabaseSecret; pending: DatabaseSecret }, context: StepContext): Promise<void> {
    const { current, pending } = values;
    const alreadySet = await this.connector.login(pending);
    if (alreadySet) {
      await alreadySet.close();
      context.logger.info("pending value logs in already");
      return;
    }
    const master = await this.readMaster(current, context);
    const session = await this.connector.login(master);
    if (!session) throw rotationErrors.masterLoginFailed(current.masterarn as string);
    try {
      await session.probe();
      const base = baseUsername(current.username);
      if (pending.username === base) await session.setPassword(base, pending.password);
      else await session.ensureClone(pending.username, base, pending.password);
    } finally {
      await session.close();
    }
    context.logger.info("password set by the master user", { username: pending.username });
  }

  async testPending(pending: DatabaseSecret, context: StepContext): Promise<void> {
    await testDatabaseLogin(this.connector, pending, context);
  }

  /** The master secret must point at the same server: otherwise its credential would act elsewhere. */
  private async readMaster(current: DatabaseSecret, context: StepContext): Promise<DatabaseSecret> {
    const masterArn = current.masterarn as string;
    const text = await context.store.getValue(masterArn, { stage: STAGE.current });
    if (text === undefined) throw rotationErrors.noCurrent(masterArn);
    const master = parseDatabaseSecret(text, { secretArn: masterArn, stage: STAGE.current }, context.logger);
    for (const field of ["engine", "host", "port"] as const) {
      if (master[field] !== current[field]) throw rotationErrors.identityChanged(masterArn, field);
    }
    return { ...master, dbname: current.dbname ?? master.dbname };
  }
}

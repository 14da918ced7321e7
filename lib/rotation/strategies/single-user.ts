import { DatabaseSecret } from "../contract";
import { rotationErrors } from "../errors";
import { RotationStrategy, StepContext } from "../rotation-strategy";
import { RuntimeConfig } from "../runtime-config";
import { DatabaseConnector } from "../targets/database-target";
import { DatabaseValues } from "./database-values";
import { testDatabaseLogin } from "./test-database-login";

/**
 * The user changes its own password. setSecret tries pending first (a retry after the change took
 * effect), then current, then previous (a change made but not yet promoted by an earlier rotation).
 */
export class SingleUserStrategy extends DatabaseValues implements RotationStrategy<DatabaseSecret> {
  constructor(
    config: RuntimeConfig,
    private readonly connector: DatabaseConnector,
  ) {
    super("single-user", config);
  }

  async setPending(
    values: { current: DatabaseSecret; pending: DatabaseSecret; previous?: DatabaseSecret },
    context: StepContext,
  ): Promise<void> {
    const alreadySet = await this.connector.login(values.pending);
    if (alreadySet) {
      await alreadySet.close();
      context.logger.info("pending value logs in already");
      return;
    }
    const candidates: Array<[string, DatabaseSecret | undefined]> = [
      ["AWSCURRENT", values.current],
      ["AWSPREVIOUS", values.previous],
    ];
    for (const [stage, candidate] of candidates) {
      if (candidate === undefined) continue;
      const session = await this.connector.login(candidate);
      if (!session) {
        context.logger.info("login refused", { stage });
        continue;
      }
      try {
        await session.probe();
        await session.changeOwnPassword(values.pending.username, values.pending.password);
      } finally {
        await session.close();
      }
      context.logger.info("password changed", { loggedInWith: stage });
      return;
    }
    throw rotationErrors.noWorkingCredential(context.secretArn, values.pending.username);
  }

  async testPending(pending: DatabaseSecret, context: StepContext): Promise<void> {
    await testDatabaseLogin(this.connector, pending, context);
  }
}

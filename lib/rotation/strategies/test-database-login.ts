import { DatabaseSecret } from "../contract";
import { rotationErrors } from "../errors";
import { StepContext } from "../rotation-strategy";
import { DatabaseConnector } from "../targets/database-target";

/** testSecret for databases: log in with the pending value and run a harmless read. */
export async function testDatabaseLogin(connector: DatabaseConnector, pending: DatabaseSecret, context: StepContext): Promise<void> {
  const session = await connector.login(pending);
  if (!session) throw rotationErrors.pendingLoginFailed(context.secretArn, pending.username);
  try {
    const { encrypted } = await session.probe();
    context.logger.info("pending value logs in", { encrypted });
  } finally {
    await session.close();
  }
}

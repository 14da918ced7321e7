import { VAULT_WATCH_SOURCE, type VaultWatchEvent } from "./watch-contract";
import { RotationError } from "../errors";
import { environmentCredentials } from "../iam-access-key-client";
import { describeError, RedactingLogger, type LogSink } from "../redacting-logger";
import { readRuntimeConfig } from "../runtime-config";
import { vaultAnnouncerFromEnvironment, type VaultRotationAnnouncer } from "./announcer";
import { runStaticRoleWatch, type WatchOutcome } from "./static-role-watch";
import { VaultClient, type VaultStaticRoleApi } from "./vault-client";

export interface StaticRoleWatchHandlerOptions {
  /** @default process.env */
  readonly environment?: NodeJS.ProcessEnv;
  /** @default standard output */
  readonly sink?: LogSink;
  /** @default VaultClient over fetch */
  readonly vault?: VaultStaticRoleApi;
  /** @default the SNS announcer of the environment variables (required: a watcher that announces nothing is a misconfiguration) */
  readonly announcer?: VaultRotationAnnouncer;
}

/** The watcher's Lambda handler: any failure is rethrown as redacted text (Lambda retries, then dead-letters). */
export function createStaticRoleWatchHandler(options: StaticRoleWatchHandlerOptions = {}) {
  return async function handler(event: VaultWatchEvent): Promise<Record<string, WatchOutcome>> {
    const logger = new RedactingLogger(options.sink);
    try {
      const environment = options.environment ?? process.env;
      const config = readRuntimeConfig(environment);
      const credentials = () => environmentCredentials(environment);
      const announcer = options.announcer ?? vaultAnnouncerFromEnvironment(environment, credentials);
      if (!announcer)
        throw new RotationError("the static-role watcher has no topic to announce on (ROTATED_TOPIC_ARN and the names beside it)");
      if (event?.source !== VAULT_WATCH_SOURCE) throw new RotationError(`not a watch event (source must be ${VAULT_WATCH_SOURCE})`);
      return await runStaticRoleWatch(event, {
        vault: options.vault ?? new VaultClient({ timeoutMs: config.connectTimeoutMs }),
        credentials,
        logger,
        announcer,
      });
    } catch (error) {
      const reason = describeError(error, logger);
      logger.error("static-role watch failed", { reason });
      throw new RotationError(error instanceof RotationError ? logger.redact(error.message) : reason);
    }
  };
}

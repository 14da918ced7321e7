import type { RotationEvent, VaultScheduleEvent } from "../contract";
import { RotationError } from "../errors";
import { environmentCredentials } from "../iam-access-key-client";
import { KeyBrokerClient } from "../key-broker-client";
import { KeyBrokerSlotsClient, type SlotBrokerApi } from "../key-broker-slots-client";
import { LogSink, RedactingLogger, describeError } from "../redacting-logger";
import { readRuntimeConfig } from "../runtime-config";
import { isVaultScheduleEvent, runVaultSchedule, type KeyBrokerApi, type ScheduledOutcome } from "./scheduled-rotation";
import { vaultAnnouncerFromEnvironment, type VaultRotationAnnouncer } from "./announcer";
import { VaultClient, type VaultApi } from "./vault-client";

export interface VaultScheduleHandlerOptions {
  /** @default process.env */
  readonly environment?: NodeJS.ProcessEnv;
  /** @default standard output */
  readonly sink?: LogSink;
  /** @default VaultClient over fetch */
  readonly vault?: VaultApi;
  /** @default KeyBrokerClient with KEY_BROKER_CA_FILE */
  readonly broker?: KeyBrokerApi;
  /** @default KeyBrokerSlotsClient with KEY_BROKER_CA_FILE (key pairs) */
  readonly slots?: SlotBrokerApi;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** @default the SNS announcer of the environment variables (VAULT_ANNOUNCE_ENVIRONMENT), none when unset */
  readonly announcer?: VaultRotationAnnouncer;
}

/**
 * The schedule's entry: rotates the Vault-stored broker credentials the event lists. Any failure is
 * rethrown as redacted text (Lambda retries an asynchronous invocation twice).
 */
export function createVaultScheduleHandler(options: VaultScheduleHandlerOptions = {}) {
  return async function handler(event: VaultScheduleEvent): Promise<Record<string, ScheduledOutcome>> {
    const logger = new RedactingLogger(options.sink);
    try {
      const environment = options.environment ?? process.env;
      const config = readRuntimeConfig(environment);
      return await runVaultSchedule(event, {
        vault: options.vault ?? new VaultClient({ timeoutMs: config.connectTimeoutMs }),
        broker: options.broker ?? new KeyBrokerClient({ ca: config.keyBrokerCa, timeoutMs: config.connectTimeoutMs }),
        slots: options.slots ?? new KeyBrokerSlotsClient({ ca: config.keyBrokerCa, timeoutMs: config.connectTimeoutMs }, options.now),
        credentials: () => environmentCredentials(environment),
        logger,
        now: options.now,
        // Credentials read per call: Lambda refreshes the role's credentials in the environment.
        announcer: options.announcer ?? vaultAnnouncerFromEnvironment(environment, () => environmentCredentials(environment)),
      });
    } catch (error) {
      const reason = describeError(error, logger);
      logger.error("scheduled Vault rotation failed", { reason });
      throw new RotationError(error instanceof RotationError ? logger.redact(error.message) : reason);
    }
  };
}

/**
 * One bundle, two callers: Secrets Manager's `{Step, SecretId, ClientRequestToken}` goes to the
 * rotation protocol, the schedule's `{source: "etl-secrets.schedule", credentials}` to Vault.
 */
export function dispatchByEventShape(
  rotation: (event: RotationEvent) => Promise<void>,
  schedule: (event: VaultScheduleEvent) => Promise<unknown>,
): (event: RotationEvent | VaultScheduleEvent) => Promise<unknown> {
  return (event) => (isVaultScheduleEvent(event) ? schedule(event) : rotation(event as RotationEvent));
}

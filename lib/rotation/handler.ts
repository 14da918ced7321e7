import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { AwsSecretStore } from "./aws-secret-store";
import { ROTATION_STEPS, RotationEvent } from "./contract";
import { RotationError } from "./errors";
import { runRotationStep } from "./protocol";
import { LogSink, RedactingLogger, describeError } from "./redacting-logger";
import { RotationStrategy } from "./rotation-strategy";
import { RuntimeConfig, readRuntimeConfig } from "./runtime-config";
import { SecretStore } from "./secret-store";

/** Builds the strategy for one invocation; the logger is the invocation's. */
export type StrategyFactory<Value> = (config: RuntimeConfig, logger: RedactingLogger, secretId: string) => RotationStrategy<Value>;

export interface HandlerOptions {
  /** @default process.env */
  readonly environment?: NodeJS.ProcessEnv;
  /** @default standard output */
  readonly sink?: LogSink;
  /** @default Secrets Manager through the AWS SDK */
  readonly store?: (config: RuntimeConfig) => SecretStore;
}

/**
 * The Lambda handler: validates the event, runs one step, and turns any failure into an error whose
 * text has passed the redactor (the Lambda runtime logs thrown errors verbatim). Throwing is what
 * makes Secrets Manager retry.
 */
export function createRotationHandler<Value>(makeStrategy: StrategyFactory<Value>, options: HandlerOptions = {}) {
  let store: SecretStore | undefined;
  return async function handler(event: RotationEvent): Promise<void> {
    const logger = new RedactingLogger(options.sink);
    try {
      const validEvent = validateEvent(event);
      const config = readRuntimeConfig(options.environment ?? process.env);
      store ??= options.store ? options.store(config) : defaultStore(config);
      await runRotationStep(validEvent, { store, strategy: makeStrategy(config, logger, validEvent.SecretId), logger });
    } catch (error) {
      const reason = describeError(error, logger);
      logger.error("rotation step failed", { step: String(event?.Step), secretId: String(event?.SecretId), reason });
      throw new RotationError(error instanceof RotationError ? logger.redact(error.message) : reason);
    }
  };
}

function defaultStore(config: RuntimeConfig): SecretStore {
  return new AwsSecretStore(new SecretsManagerClient(config.secretsManagerEndpoint ? { endpoint: config.secretsManagerEndpoint } : {}));
}

function validateEvent(event: unknown): RotationEvent {
  const candidate = event as Partial<RotationEvent> | undefined;
  if (
    !candidate ||
    !ROTATION_STEPS.includes(candidate.Step as never) ||
    typeof candidate.SecretId !== "string" ||
    typeof candidate.ClientRequestToken !== "string"
  ) {
    throw new RotationError("the event is not a Secrets Manager rotation event (Step, SecretId, ClientRequestToken)");
  }
  return candidate as RotationEvent;
}

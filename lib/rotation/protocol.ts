import { RotationEvent, STAGE } from "./contract";
import { RotationError, rotationErrors } from "./errors";
import { RedactingLogger } from "./redacting-logger";
import { RotationStrategy, StepContext } from "./rotation-strategy";
import { SecretDescription, SecretStore } from "./secret-store";

export interface ProtocolDependencies<Value> {
  readonly store: SecretStore;
  readonly strategy: RotationStrategy<Value>;
  readonly logger: RedactingLogger;
}

/**
 * One invocation of Secrets Manager's rotation protocol: the prologue checks, then the step.
 * Each step is idempotent: running it again, after success or after a crash anywhere inside it,
 * changes nothing twice and ends in the same state.
 */
export async function runRotationStep<Value>(event: RotationEvent, dependencies: ProtocolDependencies<Value>): Promise<void> {
  const { store, strategy } = dependencies;
  const token = event.ClientRequestToken;
  const description = await store.describe(event.SecretId);
  const secretArn = description.arn;
  const logger = dependencies.logger.child({ step: event.Step, secretArn, version: token });
  const context: StepContext = { secretArn, token, store, logger, tags: description.tags };

  if (!description.rotationEnabled) throw rotationErrors.rotationDisabled(secretArn);
  const stages = description.versions[token];
  if (stages === undefined) throw rotationErrors.unknownVersion(secretArn, token);
  if (stages.includes(STAGE.current)) {
    // A retried rotation that already finished; Secrets Manager may also leave AWSPENDING here.
    logger.info("version is already AWSCURRENT; nothing to do");
    if (event.Step === "finishSecret") await runAfterFinish(event.SecretId, strategy, context);
    return;
  }
  if (!stages.includes(STAGE.pending)) throw rotationErrors.notPending(secretArn, token);

  switch (event.Step) {
    case "createSecret":
      return createSecret(event.SecretId, strategy, context);
    case "setSecret":
      return setSecret(event.SecretId, strategy, context);
    case "testSecret":
      return testSecret(event.SecretId, strategy, context);
    case "finishSecret":
      return finishSecret(event.SecretId, description, strategy, context);
    default:
      throw new RotationError(`unknown step "${String((event as { Step: unknown }).Step)}"`);
  }
}

async function createSecret<Value>(secretId: string, strategy: RotationStrategy<Value>, context: StepContext): Promise<void> {
  const current = await readCurrent(secretId, strategy, context);
  const existing = await context.store.getValue(secretId, { versionId: context.token, stage: STAGE.pending });
  if (existing !== undefined) {
    strategy.parse(existing, { secretArn: context.secretArn, stage: STAGE.pending }, context.logger);
    context.logger.info("pending value exists already; createSecret has nothing to do");
    return;
  }
  const pending = await strategy.createPending(current, context);
  strategy.checkPinned?.(pending, { secretArn: context.secretArn, stage: STAGE.pending }, context);
  strategy.checkSameTarget(current, pending, context);
  await context.store.putValue(secretId, context.token, strategy.serialize(pending), [STAGE.pending]);
  context.logger.info("pending value created");
}

async function setSecret<Value>(secretId: string, strategy: RotationStrategy<Value>, context: StepContext): Promise<void> {
  const current = await readCurrent(secretId, strategy, context);
  const pending = await readPending(secretId, strategy, context);
  strategy.checkSameTarget(current, pending, context);
  const previousText = await context.store.getValue(secretId, { stage: STAGE.previous });
  const previous =
    previousText === undefined ? undefined : usablePrevious(current, tryParse(strategy, previousText, context), strategy, context);
  await strategy.setPending({ current, pending, previous }, context);
  context.logger.info("target accepts the pending value");
}

async function testSecret<Value>(secretId: string, strategy: RotationStrategy<Value>, context: StepContext): Promise<void> {
  const pending = await readPending(secretId, strategy, context);
  await strategy.testPending(pending, context);
  context.logger.info("pending value works");
}

async function finishSecret<Value>(
  secretId: string,
  description: SecretDescription,
  strategy: RotationStrategy<Value>,
  context: StepContext,
): Promise<void> {
  const currentVersion = Object.entries(description.versions).find(([, stages]) => stages.includes(STAGE.current))?.[0];
  await context.store.moveStage(secretId, STAGE.current, context.token, currentVersion);
  context.logger.info("AWSCURRENT moved to the new version", { previousVersion: currentVersion });
  await runAfterFinish(secretId, strategy, context);
}

async function runAfterFinish<Value>(secretId: string, strategy: RotationStrategy<Value>, context: StepContext): Promise<void> {
  if (!strategy.afterFinish) return;
  const current = await readCurrent(secretId, strategy, context);
  const previousText = await context.store.getValue(secretId, { stage: STAGE.previous });
  const previous = previousText === undefined ? undefined : tryParse(strategy, previousText, context);
  await strategy.afterFinish({ current, previous }, context);
}

async function readCurrent<Value>(secretId: string, strategy: RotationStrategy<Value>, context: StepContext): Promise<Value> {
  const text = await context.store.getValue(secretId, { stage: STAGE.current });
  if (text === undefined) throw rotationErrors.noCurrent(context.secretArn);
  const origin = { secretArn: context.secretArn, stage: STAGE.current };
  const value = strategy.parse(text, origin, context.logger);
  strategy.checkPinned?.(value, origin, context);
  return value;
}

async function readPending<Value>(secretId: string, strategy: RotationStrategy<Value>, context: StepContext): Promise<Value> {
  const text = await context.store.getValue(secretId, { versionId: context.token, stage: STAGE.pending });
  if (text === undefined) throw rotationErrors.missingPendingValue(context.secretArn, context.token);
  const origin = { secretArn: context.secretArn, stage: STAGE.pending };
  const value = strategy.parse(text, origin, context.logger);
  strategy.checkPinned?.(value, origin, context);
  return value;
}

/** A previous value for another target is never tried: it might log in somewhere else. */
function usablePrevious<Value>(
  current: Value,
  previous: Value | undefined,
  strategy: RotationStrategy<Value>,
  context: StepContext,
): Value | undefined {
  if (previous === undefined) return undefined;
  try {
    strategy.checkPinned?.(previous, { secretArn: context.secretArn, stage: STAGE.previous }, context);
    strategy.checkSameTarget(current, previous, context);
    return previous;
  } catch {
    context.logger.warn("AWSPREVIOUS points at another target; not using it");
    return undefined;
  }
}

/** AWSPREVIOUS is only a fallback: a malformed one is skipped, not fatal. */
function tryParse<Value>(strategy: RotationStrategy<Value>, text: string, context: StepContext): Value | undefined {
  try {
    return strategy.parse(text, { secretArn: context.secretArn, stage: STAGE.previous }, context.logger);
  } catch (error) {
    context.logger.warn("AWSPREVIOUS is not usable; ignoring it", {
      reason: error instanceof RotationError ? error.message : "unparseable",
    });
    return undefined;
  }
}

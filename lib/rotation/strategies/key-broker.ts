import { ApiKeySecret } from "../contract";
import { RotationError, rotationErrors } from "../errors";
import { KeyBrokerClient } from "../key-broker-client";
import { RotationStrategy, StepContext } from "../rotation-strategy";
import { ValueOrigin, parseApiKeySecret, serializeApiKeySecret } from "../secret-values";
import { RedactingLogger } from "../redacting-logger";
import { withToolFields } from "../record-fields";

/**
 * API keys issued by the connector's key broker. createSecret asks the broker for a new key (the
 * ClientRequestToken is the idempotency key, so a retry gets the same key), testSecret verifies it,
 * finishSecret revokes the key that was current before. Both keys are valid until then.
 */
export class KeyBrokerStrategy implements RotationStrategy<ApiKeySecret> {
  constructor(private readonly broker: KeyBrokerClient) {}

  parse(text: string, origin: ValueOrigin, logger: RedactingLogger): ApiKeySecret {
    return parseApiKeySecret(text, origin, logger);
  }

  /** With the fields Airflow's Secrets Manager backend reads (record-fields.ts), in the same version. */
  serialize(value: ApiKeySecret): string {
    return serializeApiKeySecret(withToolFields("key-broker", "aws", value));
  }

  async createPending(current: ApiKeySecret, context: StepContext): Promise<ApiKeySecret> {
    const issued = await this.broker.createKey(current.endpoint, current.apiKey, context.token);
    context.logger.addSecret(issued.apiKey);
    if (issued.keyId === current.keyId) throw new RotationError("the key broker returned the current key as the new one");
    return { ...current, keyId: issued.keyId, apiKey: issued.apiKey };
  }

  checkSameTarget(current: ApiKeySecret, other: ApiKeySecret, context: StepContext): void {
    if (new URL(current.endpoint).href !== new URL(other.endpoint).href)
      throw rotationErrors.identityChanged(context.secretArn, "endpoint");
  }

  /** The broker activates keys when it issues them: setSecret only confirms that. */
  async setPending(values: { pending: ApiKeySecret }, context: StepContext): Promise<void> {
    await this.testPending(values.pending, context);
  }

  async testPending(pending: ApiKeySecret, context: StepContext): Promise<void> {
    if (!(await this.broker.verifyKey(pending.endpoint, pending.apiKey))) {
      throw new RotationError(`the key broker refuses the pending key ${pending.keyId} of ${context.secretArn}`);
    }
    context.logger.info("pending key is accepted", { keyId: pending.keyId });
  }

  async afterFinish(values: { current: ApiKeySecret; previous?: ApiKeySecret }, context: StepContext): Promise<void> {
    const { current, previous } = values;
    if (!previous || previous.keyId === current.keyId) return;
    if (new URL(previous.endpoint).href !== new URL(current.endpoint).href) {
      context.logger.warn("AWSPREVIOUS belongs to another broker; not revoking it", { keyId: previous.keyId });
      return;
    }
    await this.broker.revokeKey(current.endpoint, current.apiKey, previous.keyId);
    context.logger.info("previous key revoked", { keyId: previous.keyId });
  }
}

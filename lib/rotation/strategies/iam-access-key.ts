import { IAM_ACCESS_KEY_SECRET_KEYS, IamAccessKeySecret } from "../contract";
import { AwsQueryError } from "../aws-query-client";
import { RotationError, rotationErrors } from "../errors";
import type { IamAccessKeyApi } from "../iam-access-key-client";
import { RedactingLogger } from "../redacting-logger";
import { RotationStrategy, StepContext } from "../rotation-strategy";
import { ValueOrigin } from "../secret-values";
import { withToolFields } from "../record-fields";

export interface IamAccessKeyStrategyOptions {
  /** GetCallerIdentity attempts with a new key (IAM is eventually consistent). @default 8 */
  readonly verifyAttempts?: number;
  /** @default 2000 */
  readonly verifyDelayMs?: number;
}

/**
 * An IAM user's access keys. createSecret makes a second key (first deleting any key that is not
 * current: the orphan of an interrupted createSecret, or a previous key a crashed finishSecret left),
 * so the user never holds more than two; setSecret and testSecret prove the new key signs as the
 * same user (STS GetCallerIdentity with the new key); finishSecret deletes the previous key, also
 * on a retried finishSecret. Secret access keys are registered with the logger as soon as they exist.
 */
export class IamAccessKeyStrategy implements RotationStrategy<IamAccessKeySecret> {
  private readonly attempts: number;
  private readonly delayMs: number;

  constructor(
    private readonly iam: IamAccessKeyApi,
    options: IamAccessKeyStrategyOptions = {},
  ) {
    this.attempts = options.verifyAttempts ?? 8;
    this.delayMs = options.verifyDelayMs ?? 2000;
  }

  parse(text: string, origin: ValueOrigin, logger: RedactingLogger): IamAccessKeySecret {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(text);
    } catch {
      throw rotationErrors.malformedSecret(origin.secretArn, origin.stage, "the value is not JSON");
    }
    if (typeof record !== "object" || record === null || Array.isArray(record))
      throw rotationErrors.malformedSecret(origin.secretArn, origin.stage, "the value is not a JSON object");
    if (typeof record.secretAccessKey === "string" && record.secretAccessKey.length > 0) logger.addSecret(record.secretAccessKey);
    for (const key of IAM_ACCESS_KEY_SECRET_KEYS) {
      if (typeof record[key] !== "string" || (record[key] as string).length === 0)
        throw rotationErrors.malformedSecret(origin.secretArn, origin.stage, `"${key}" must be a non-empty string`);
    }
    return {
      userName: record.userName as string,
      accessKeyId: record.accessKeyId as string,
      secretAccessKey: record.secretAccessKey as string,
    };
  }

  /** The contract's three fields, then those Airflow's Secrets Manager backend reads (record-fields.ts). */
  serialize(value: IamAccessKeySecret): string {
    return JSON.stringify(
      withToolFields("aws-iam-access-key", "aws", {
        userName: value.userName,
        accessKeyId: value.accessKeyId,
        secretAccessKey: value.secretAccessKey,
      }),
    );
  }

  async createPending(current: IamAccessKeySecret, context: StepContext): Promise<IamAccessKeySecret> {
    const keys = await this.iam.listAccessKeys(current.userName);
    const currentKey = keys.find((key) => key.accessKeyId === current.accessKeyId);
    if (!currentKey) {
      throw new RotationError(
        `the current key ${current.accessKeyId} of ${context.secretArn} no longer exists for IAM user ${current.userName}; put a working key as AWSCURRENT`,
      );
    }
    const strays = keys.filter((key) => key.accessKeyId !== current.accessKeyId);
    // Deleting a stray is safe only while the key the secret holds stays active: otherwise the
    // stray may be the user's only active key (someone deactivated ours and works with another).
    if (strays.length > 0 && !currentKey.active) {
      throw new RotationError(
        `the current key ${current.accessKeyId} of ${context.secretArn} is inactive and IAM user ${current.userName} has another key (${strays.map((key) => `${key.accessKeyId} ${key.active ? "active" : "inactive"}`).join(", ")}); refusing to delete it, which could remove the user's only active key: activate the current key or put the key in use as AWSCURRENT`,
      );
    }
    for (const stray of strays) {
      context.logger.warn("deleting an access key that is not current (left by an interrupted rotation)", {
        userName: current.userName,
        accessKeyId: stray.accessKeyId,
        active: stray.active,
      });
      await this.iam.deleteAccessKey(current.userName, stray.accessKeyId);
    }
    const created = await this.iam.createAccessKey(current.userName);
    context.logger.addSecret(created.secretAccessKey);
    context.logger.info("new access key created", { userName: current.userName, accessKeyId: created.accessKeyId });
    return { userName: current.userName, ...created };
  }

  checkSameTarget(current: IamAccessKeySecret, other: IamAccessKeySecret, context: StepContext): void {
    if (current.userName !== other.userName) throw rotationErrors.identityChanged(context.secretArn, "userName");
  }

  /** IAM activates a key when it creates it: setSecret only confirms that it signs. */
  async setPending(values: { pending: IamAccessKeySecret }, context: StepContext): Promise<void> {
    await this.testPending(values.pending, context);
  }

  async testPending(pending: IamAccessKeySecret, context: StepContext): Promise<void> {
    let last: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        const arn = await this.iam.callerArn({ accessKeyId: pending.accessKeyId, secretAccessKey: pending.secretAccessKey });
        if (!arn.includes(":user/") || arn.slice(arn.lastIndexOf("/") + 1) !== pending.userName) {
          throw new RotationError(
            `the pending key ${pending.accessKeyId} of ${context.secretArn} signs as ${arn}, not as IAM user ${pending.userName}`,
          );
        }
        context.logger.info("pending key signs as its user", { userName: pending.userName, accessKeyId: pending.accessKeyId });
        return;
      } catch (error) {
        // Only STS refusing the new key is IAM's eventual consistency, worth waiting for; anything
        // else (the wrong user, the network, a crash) fails the step and the service retries it.
        if (!(error instanceof AwsQueryError)) throw error;
        last = error;
        if (attempt < this.attempts) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      }
    }
    throw new RotationError(
      `the pending key ${pending.accessKeyId} of ${context.secretArn} does not sign (${last instanceof Error ? last.message : "unknown"})`,
    );
  }

  async afterFinish(values: { current: IamAccessKeySecret; previous?: IamAccessKeySecret }, context: StepContext): Promise<void> {
    const { current, previous } = values;
    if (!previous || previous.accessKeyId === current.accessKeyId) return;
    if (previous.userName !== current.userName) {
      context.logger.warn("AWSPREVIOUS belongs to another IAM user; not deleting its key", { accessKeyId: previous.accessKeyId });
      return;
    }
    // The previous key goes only while the key the secret now holds is active: never the last active key.
    const keys = await this.iam.listAccessKeys(current.userName);
    if (!keys.some((key) => key.accessKeyId === previous.accessKeyId)) return;
    if (!keys.some((key) => key.accessKeyId === current.accessKeyId && key.active)) {
      context.logger.warn("the current access key is missing or inactive; keeping the previous key", {
        userName: current.userName,
        accessKeyId: previous.accessKeyId,
      });
      return;
    }
    await this.iam.deleteAccessKey(current.userName, previous.accessKeyId);
    context.logger.info("previous access key deleted", { userName: current.userName, accessKeyId: previous.accessKeyId });
  }
}

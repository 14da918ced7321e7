import { RedactingLogger } from "./redacting-logger";
import { SecretStore } from "./secret-store";
import { ValueOrigin } from "./secret-values";

/** What every step knows about the rotation in progress. */
export interface StepContext {
  readonly secretArn: string;
  /** The ClientRequestToken: the pending version's id. */
  readonly token: string;
  readonly store: SecretStore;
  readonly logger: RedactingLogger;
  /** The secret's tags as DescribeSecret returned them this invocation (the rotation pins). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * What differs between kinds of credential; the protocol (protocol.ts) does the rest. Every method
 * must be safe to run again after a crash at any point inside it.
 */
export interface RotationStrategy<Value> {
  parse(text: string, origin: ValueOrigin, logger: RedactingLogger): Value;
  serialize(value: Value): string;
  /** createSecret: the pending value made from the current one. */
  createPending(current: Value, context: StepContext): Promise<Value>;
  /**
   * Throws when a value read from the secret (any stage) disagrees with what the secret's
   * Terraform-managed tags allow: the value's writer can't widen what rotation acts on.
   */
  checkPinned?(value: Value, origin: ValueOrigin, context: StepContext): void;
  /** Throws when `pending` would act on another target or user than `current` (confused deputy). */
  checkSameTarget(current: Value, pending: Value, context: StepContext): void;
  /** setSecret: make the target accept `pending`. */
  setPending(values: { readonly current: Value; readonly pending: Value; readonly previous?: Value }, context: StepContext): Promise<void>;
  /** testSecret: prove `pending` works, read only. */
  testPending(pending: Value, context: StepContext): Promise<void>;
  /**
   * finishSecret, after AWSCURRENT moved to the token; runs again when a retried finishSecret finds
   * the move done, so a crash between the move and this hook is repaired.
   */
  afterFinish?(values: { readonly current: Value; readonly previous?: Value }, context: StepContext): Promise<void>;
}

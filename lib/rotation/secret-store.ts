/**
 * The few Secrets Manager operations rotation needs, behind an interface so tests can count calls,
 * inject crashes after any of them, and play the service against moto's storage.
 */
export interface SecretDescription {
  readonly arn: string;
  readonly rotationEnabled: boolean;
  /** Version id → staging labels. */
  readonly versions: Readonly<Record<string, readonly string[]>>;
  /** The secret's tags (Terraform-managed; the rotation pins live here). */
  readonly tags: Readonly<Record<string, string>>;
}

export interface SecretStore {
  describe(secretId: string): Promise<SecretDescription>;
  /** The secret string of a version selected by stage and/or id; undefined when there is none (or no value yet). */
  getValue(secretId: string, selector: { readonly stage?: string; readonly versionId?: string }): Promise<string | undefined>;
  /** Puts a value as version `versionId` with the given stages; repeating it with the same value is a no-op. */
  putValue(secretId: string, versionId: string, value: string, stages: readonly string[]): Promise<void>;
  /** Moves a stage to `toVersionId`, removing it from `fromVersionId` when given. */
  moveStage(secretId: string, stage: string, toVersionId: string, fromVersionId: string | undefined): Promise<void>;
  randomPassword(length: number, excludeCharacters: string): Promise<string>;
}

import { SecretDescription, SecretStore } from "../../lib/rotation/secret-store";

/** Secrets Manager's version and stage rules, in memory, for unit tests of the protocol. */
export class InMemorySecretStore implements SecretStore {
  readonly versions = new Map<string, { value?: string; stages: string[] }>();
  rotationEnabled = true;
  tags: Record<string, string> = {};
  private passwordCounter = 0;

  constructor(readonly arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:unit-AbCdEf") {}

  async describe(): Promise<SecretDescription> {
    return {
      arn: this.arn,
      rotationEnabled: this.rotationEnabled,
      versions: Object.fromEntries([...this.versions].map(([id, v]) => [id, [...v.stages]])),
      tags: { ...this.tags },
    };
  }

  async getValue(secretId: string, selector: { stage?: string; versionId?: string }): Promise<string | undefined> {
    if (secretId !== this.arn) return undefined;
    const match = [...this.versions].find(
      ([id, version]) =>
        (selector.versionId === undefined || id === selector.versionId) &&
        (selector.stage === undefined || version.stages.includes(selector.stage)),
    );
    return match?.[1].value;
  }

  async putValue(_secretId: string, versionId: string, value: string, stages: readonly string[]): Promise<void> {
    const existing = this.versions.get(versionId);
    if (existing?.value !== undefined && existing.value !== value) throw new Error("ResourceExistsException");
    for (const version of this.versions.values()) version.stages = version.stages.filter((stage) => !stages.includes(stage));
    this.versions.set(versionId, { value, stages: [...new Set([...(existing?.stages ?? []), ...stages])] });
  }

  async moveStage(_secretId: string, stage: string, toVersionId: string, fromVersionId: string | undefined): Promise<void> {
    if (fromVersionId) this.versions.get(fromVersionId)!.stages = this.versions.get(fromVersionId)!.stages.filter((s) => s !== stage);
    this.versions.get(toVersionId)!.stages.push(stage);
    if (stage === "AWSCURRENT" && fromVersionId) {
      for (const version of this.versions.values()) version.stages = version.stages.filter((s) => s !== "AWSPREVIOUS");
      this.versions.get(fromVersionId)!.stages.push("AWSPREVIOUS");
    }
  }

  async randomPassword(length: number): Promise<string> {
    return `pw${++this.passwordCounter}-`.padEnd(length, "x");
  }
}

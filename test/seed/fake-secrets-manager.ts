import type { SecretsManagerSeedClient } from "../../lib/seed";

/** An in-memory Secrets Manager for `seed`: secrets exist when created here (as Terraform would). */
export class FakeSecretsManager implements SecretsManagerSeedClient {
  readonly secrets = new Map<string, { arn: string; versions: { id: string; value: string }[]; tags?: Record<string, string> }>();
  failPutWith?: Error;

  create(name: string): void {
    this.secrets.set(name, { arn: `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${name}-AbCdEf`, versions: [] });
  }

  async describe(secretId: string) {
    const secret = this.secrets.get(secretId);
    return secret && { arn: secret.arn, hasCurrent: secret.versions.length > 0 };
  }

  async put(secretId: string, secretString: string, token: string) {
    if (this.failPutWith) throw this.failPutWith;
    this.secrets.get(secretId)!.versions.push({ id: token, value: secretString });
    return { versionId: token };
  }

  async tag(secretId: string, tags: Readonly<Record<string, string>>) {
    const secret = this.secrets.get(secretId)!;
    secret.tags = { ...(secret.tags ?? {}), ...tags };
  }
}

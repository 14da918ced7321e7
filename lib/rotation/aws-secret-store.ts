import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { SecretDescription, SecretStore } from "./secret-store";

/** SecretStore over the AWS SDK v3 (provided by the Node 20 Lambda runtime, so not bundled). */
export class AwsSecretStore implements SecretStore {
  constructor(private readonly client: SecretsManagerClient) {}

  async describe(secretId: string): Promise<SecretDescription> {
    const output = await this.client.send(new DescribeSecretCommand({ SecretId: secretId }));
    return {
      arn: output.ARN ?? secretId,
      rotationEnabled: output.RotationEnabled === true,
      versions: output.VersionIdsToStages ?? {},
      tags: Object.fromEntries(
        (output.Tags ?? []).filter((tag) => tag.Key !== undefined).map((tag) => [tag.Key as string, tag.Value ?? ""]),
      ),
    };
  }

  async getValue(secretId: string, selector: { stage?: string; versionId?: string }): Promise<string | undefined> {
    try {
      const output = await this.client.send(
        new GetSecretValueCommand({ SecretId: secretId, VersionStage: selector.stage, VersionId: selector.versionId }),
      );
      return output.SecretString;
    } catch (error) {
      if (isResourceNotFound(error)) return undefined;
      throw error;
    }
  }

  async putValue(secretId: string, versionId: string, value: string, stages: readonly string[]): Promise<void> {
    await this.client.send(
      new PutSecretValueCommand({ SecretId: secretId, ClientRequestToken: versionId, SecretString: value, VersionStages: [...stages] }),
    );
  }

  async moveStage(secretId: string, stage: string, toVersionId: string, fromVersionId: string | undefined): Promise<void> {
    await this.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: stage,
        MoveToVersionId: toVersionId,
        RemoveFromVersionId: fromVersionId,
      }),
    );
  }

  async randomPassword(length: number, excludeCharacters: string): Promise<string> {
    const output = await this.client.send(
      new GetRandomPasswordCommand({ PasswordLength: length, ExcludeCharacters: excludeCharacters, IncludeSpace: false }),
    );
    if (!output.RandomPassword) throw new Error("GetRandomPassword returned no password");
    return output.RandomPassword;
  }
}

function isResourceNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { name?: string }).name === "ResourceNotFoundException";
}

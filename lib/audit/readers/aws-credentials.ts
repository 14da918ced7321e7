import type { AwsCredentials } from "../../rotation/aws-sigv4";

/*
 * The AWS SDK's default credential chain (environment, shared config and credentials files with
 * AWS_PROFILE, SSO, web identity, container and instance roles), for the readers that sign their
 * own requests (IAM, STS, CloudWatch Logs through the SigV4 clients). No new dependency: the chain
 * is the one the Secrets Manager client the library already depends on resolves. The keys stay in
 * memory; a failure says which chain found nothing, never a key.
 */
export async function defaultAwsCredentials(region: string): Promise<AwsCredentials | undefined> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, so a command loads only the modules it uses (start-up time)
  const sdk = require("@aws-sdk/client-secrets-manager") as typeof import("@aws-sdk/client-secrets-manager");
  const client = new sdk.SecretsManagerClient({ region });
  try {
    const identity = await client.config.credentials();
    if (!identity?.accessKeyId || !identity.secretAccessKey) return undefined;
    return {
      accessKeyId: identity.accessKeyId,
      secretAccessKey: identity.secretAccessKey,
      ...(identity.sessionToken ? { sessionToken: identity.sessionToken } : {}),
    };
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}

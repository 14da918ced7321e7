import { AwsQueryError, callAwsQuery, xmlValue, type AwsQueryEndpoint } from "./aws-query-client";
import type { AwsCredentials } from "./aws-sigv4";
import { RotationError } from "./errors";

/** What the aws-iam-access-key strategy needs of IAM and STS; tests count, fail and crash these calls. */
/** One of a user's access keys as IAM lists it. */
export interface AccessKeyInfo {
  readonly accessKeyId: string;
  /** IAM's Status: a new key is Active; an operator may have made one Inactive. */
  readonly active: boolean;
}

export interface IamAccessKeyApi {
  listAccessKeys(userName: string): Promise<AccessKeyInfo[]>;
  createAccessKey(userName: string): Promise<{ readonly accessKeyId: string; readonly secretAccessKey: string }>;
  /** Deletes a key; one already gone counts as deleted. */
  deleteAccessKey(userName: string, accessKeyId: string): Promise<void>;
  /** The ARN the given key signs as. */
  callerArn(credentials: AwsCredentials): Promise<string>;
}

export interface IamAccessKeyClientSettings {
  readonly iam: AwsQueryEndpoint;
  readonly sts: AwsQueryEndpoint;
  /** The function's own credentials (its execution role), read per call. */
  readonly credentials: () => AwsCredentials;
  readonly timeoutMs: number;
}

/** IAM and STS over their Query APIs, signed with SigV4 (no SDK client needed in the bundle). */
export class IamAccessKeyClient implements IamAccessKeyApi {
  constructor(private readonly settings: IamAccessKeyClientSettings) {}

  async listAccessKeys(userName: string): Promise<AccessKeyInfo[]> {
    const xml = await callAwsQuery(
      this.settings.iam,
      "ListAccessKeys",
      { UserName: userName },
      this.settings.credentials(),
      this.settings.timeoutMs,
    );
    // One <member> per key, each with its AccessKeyId and Status.
    return [...xml.matchAll(/<member>([\s\S]*?)<\/member>/g)].map((match) => {
      const accessKeyId = xmlValue(match[1], "AccessKeyId");
      if (!accessKeyId) throw new RotationError("IAM ListAccessKeys answered a key without an AccessKeyId");
      return { accessKeyId, active: xmlValue(match[1], "Status") === "Active" };
    });
  }

  async createAccessKey(userName: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
    const xml = await callAwsQuery(
      this.settings.iam,
      "CreateAccessKey",
      { UserName: userName },
      this.settings.credentials(),
      this.settings.timeoutMs,
    );
    const accessKeyId = xmlValue(xml, "AccessKeyId");
    const secretAccessKey = xmlValue(xml, "SecretAccessKey");
    if (!accessKeyId || !secretAccessKey) throw new RotationError("IAM CreateAccessKey answered without a key");
    return { accessKeyId, secretAccessKey };
  }

  async deleteAccessKey(userName: string, accessKeyId: string): Promise<void> {
    try {
      await callAwsQuery(
        this.settings.iam,
        "DeleteAccessKey",
        { UserName: userName, AccessKeyId: accessKeyId },
        this.settings.credentials(),
        this.settings.timeoutMs,
      );
    } catch (error) {
      if (error instanceof AwsQueryError && error.code === "NoSuchEntity") return;
      throw error;
    }
  }

  async callerArn(credentials: AwsCredentials): Promise<string> {
    const xml = await callAwsQuery(this.settings.sts, "GetCallerIdentity", {}, credentials, this.settings.timeoutMs);
    const arn = xmlValue(xml, "Arn");
    if (!arn) throw new RotationError("STS GetCallerIdentity answered without an ARN");
    return arn;
  }
}

/** The Lambda runtime's credentials of the execution role. */
export function environmentCredentials(environment: NodeJS.ProcessEnv = process.env): AwsCredentials {
  const accessKeyId = environment.AWS_ACCESS_KEY_ID;
  const secretAccessKey = environment.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey)
    throw new RotationError("no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)");
  return { accessKeyId, secretAccessKey, sessionToken: environment.AWS_SESSION_TOKEN || undefined };
}

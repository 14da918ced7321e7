import { callAwsQuery, xmlValue } from "../../rotation/aws-query-client";
import type { AwsCredentials } from "../../rotation/aws-sigv4";

/*
 * `--assume-auditor`: STS AssumeRole into the environment's auditor role (`<org>-<env>.auditor`,
 * under the path `/<org>/<env>/`) through the SigV4 Query client, for a short session. The
 * session's keys stay in memory; errors carry the STS error code only.
 */

export interface AssumeAuditorInput {
  readonly roleArn: string;
  readonly credentials: AwsCredentials;
  /** @default https://sts.amazonaws.com/ (tests: moto) */
  readonly url?: string;
  readonly region?: string;
  readonly sessionName?: string;
  readonly timeoutMs?: number;
}

/** The role's ARN as STS takes it: the IAM path is part of a role ARN. */
export function auditorRoleArn(partition: string, accountId: string, iamPath: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role${iamPath}${roleName}`;
}

export async function assumeAuditor(input: AssumeAuditorInput): Promise<AwsCredentials> {
  const xml = await callAwsQuery(
    { url: input.url ?? "https://sts.amazonaws.com/", service: "sts", region: input.region ?? "us-east-1", version: "2011-06-15" },
    "AssumeRole",
    { RoleArn: input.roleArn, RoleSessionName: input.sessionName ?? "etl-secrets-audit", DurationSeconds: "900" },
    input.credentials,
    input.timeoutMs ?? 10_000,
  );
  const accessKeyId = xmlValue(xml, "AccessKeyId");
  const secretAccessKey = xmlValue(xml, "SecretAccessKey");
  const sessionToken = xmlValue(xml, "SessionToken");
  if (!accessKeyId || !secretAccessKey || !sessionToken) throw new Error("STS AssumeRole answered without credentials");
  return { accessKeyId, secretAccessKey, sessionToken };
}

/*
 * The account trail's bucket policy (TLS only; CloudTrail of this trail writes and checks the ACL),
 * and the role CloudTrail uses to deliver to CloudWatch Logs. Every ARN here is known at synth
 * (bucket, trail and log group names are derived in the plan), so no reference is needed.
 */
import { policyDocument, type PolicyDocument } from "./policy-document";

export interface TrailContext {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  readonly trailName: string;
  readonly bucketName: string;
  readonly logGroupName: string;
}

export function trailArn(context: TrailContext): string {
  return `arn:${context.partition}:cloudtrail:${context.region}:${context.accountId}:trail/${context.trailName}`;
}

export function bucketArn(context: Pick<TrailContext, "partition" | "bucketName">): string {
  return `arn:${context.partition}:s3:::${context.bucketName}`;
}

export function logGroupArn(context: Pick<TrailContext, "partition" | "region" | "accountId" | "logGroupName">): string {
  return `arn:${context.partition}:logs:${context.region}:${context.accountId}:log-group:${context.logGroupName}`;
}

export function trailBucketPolicy(context: TrailContext): PolicyDocument {
  const bucket = bucketArn(context);
  const source = { "aws:SourceArn": trailArn(context) };
  return policyDocument([
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:*"],
      Resource: [bucket, `${bucket}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: "CloudTrailAclCheck",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: ["s3:GetBucketAcl"],
      Resource: [bucket],
      Condition: { StringEquals: source },
    },
    {
      Sid: "CloudTrailWrite",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: ["s3:PutObject"],
      Resource: [`${bucket}/AWSLogs/${context.accountId}/*`],
      Condition: { StringEquals: source },
    },
  ]);
}

export function trailLogsRolePolicy(context: TrailContext): PolicyDocument {
  return policyDocument([
    {
      Sid: "DeliverToLogGroup",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: [`${logGroupArn(context)}:log-stream:*`],
    },
  ]);
}

/*
 * The account trail's bucket policy (TLS only; CloudTrail of this trail writes and checks the ACL),
 * the policy of the bucket that receives its access logs (TLS only; S3 log delivery of the trail
 * bucket writes), the policy of the topic CloudTrail notifies (this trail publishes), and the role
 * CloudTrail uses to deliver to CloudWatch Logs. Every ARN here is known at synth
 * (bucket, trail and log group names are derived in the plan), so no reference is needed.
 */
import { policyDocument, type PolicyDocument, type PolicyStatement } from "./policy-document";

export interface TrailContext {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  readonly trailName: string;
  readonly bucketName: string;
  readonly logGroupName: string;
  /** Receives the trail bucket's server access logs. */
  readonly accessLogBucketName: string;
  readonly topicName: string;
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

export function trailTopicArn(context: Pick<TrailContext, "partition" | "region" | "accountId" | "topicName">): string {
  return `arn:${context.partition}:sns:${context.region}:${context.accountId}:${context.topicName}`;
}

function denyInsecureTransport(bucket: string): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: ["s3:*"],
    Resource: [bucket, `${bucket}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** S3 server access log delivery of the trail bucket (and nothing else) writes; TLS only. */
export function accessLogBucketPolicy(context: TrailContext & { readonly prefix: string }): PolicyDocument {
  const bucket = bucketArn({ partition: context.partition, bucketName: context.accessLogBucketName });
  return policyDocument([
    denyInsecureTransport(bucket),
    {
      Sid: "S3ServerAccessLogsWrite",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: ["s3:PutObject"],
      Resource: [`${bucket}/${context.prefix}*`],
      Condition: {
        ArnEquals: { "aws:SourceArn": bucketArn(context) },
        StringEquals: { "aws:SourceAccount": context.accountId },
      },
    },
  ]);
}

/** Only this trail publishes to its notification topic. */
export function trailTopicPolicy(context: TrailContext): PolicyDocument {
  return policyDocument([
    {
      Sid: "CloudTrailPublish",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: ["sns:Publish"],
      Resource: [trailTopicArn(context)],
      Condition: { StringEquals: { "aws:SourceArn": trailArn(context) } },
    },
  ]);
}

export function trailBucketPolicy(context: TrailContext): PolicyDocument {
  const bucket = bucketArn(context);
  const source = { "aws:SourceArn": trailArn(context) };
  return policyDocument([
    denyInsecureTransport(bucket),
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

/*
 * A small applier of a synthesized Vault audit stack's AWS resources into moto (no Terraform
 * provider against moto here): log group, Object Lock bucket and its default retention, Firehose
 * stream, subscription filter and metric filters, taken from the stack's Terraform JSON. References
 * between resources (`${aws_s3_bucket.x.arn}`) are resolved by type: the audit stack has one resource
 * of each referenced type. Speaks the AWS wire protocols with fetch (JSON 1.1 for Logs and Firehose,
 * REST for S3); moto does not check signatures, only the credential scope's region.
 */
import { createHash } from "node:crypto";

export interface MotoClient {
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
}

function authorization(client: MotoClient, service: string): string {
  return `AWS4-HMAC-SHA256 Credential=testing/20260101/${client.region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
}

export class AwsCallError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function jsonCall(client: MotoClient, service: "logs" | "firehose", action: string, body: unknown): Promise<any> {
  const target = service === "logs" ? `Logs_20140328.${action}` : `Firehose_20150804.${action}`;
  const response = await fetch(client.endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": target, authorization: authorization(client, service) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : {};
  if (!response.ok)
    throw new AwsCallError(
      String(parsed.__type ?? response.status)
        .split("#")
        .pop()!,
      response.status,
      `${service} ${action}: ${text}`,
    );
  return parsed;
}

export async function s3Call(
  client: MotoClient,
  method: string,
  path: string,
  options: { body?: Buffer | string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const headers: Record<string, string> = { authorization: authorization(client, "s3"), ...(options.headers ?? {}) };
  if (body) headers["content-md5"] = createHash("md5").update(body).digest("base64");
  const response = await fetch(`${client.endpoint}/${path}`, { method, headers, body });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}

async function tolerateExisting(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (error instanceof AwsCallError && /AlreadyExists|ResourceInUse/.test(error.code)) return;
    throw error;
  }
}

function only(json: any, type: string): any {
  const bodies = Object.values(json.resource?.[type] ?? {});
  if (bodies.length !== 1) throw new Error(`expected one ${type}, found ${bodies.length}`);
  return bodies[0];
}

export interface AppliedAuditStack {
  readonly logGroupName: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly streamName: string;
  readonly lock: { readonly mode: string; readonly days: number };
  readonly metricFilters: readonly { readonly name: string; readonly pattern: string }[];
}

/** Creates the audit stack's sink in moto from its synthesized Terraform JSON. */
export async function applyVaultAuditStack(client: MotoClient, json: any): Promise<AppliedAuditStack> {
  const group = only(json, "aws_cloudwatch_log_group");
  // The archive (Object Lock); its access-log bucket is not needed for the archive path.
  const bucket = (Object.values(json.resource.aws_s3_bucket) as any[]).find((b) => b.object_lock_enabled === true);
  const lock = only(json, "aws_s3_bucket_object_lock_configuration").rule.default_retention;
  const stream = only(json, "aws_kinesis_firehose_delivery_stream");
  const subscription = only(json, "aws_cloudwatch_log_subscription_filter");
  const filters = Object.values(json.resource.aws_cloudwatch_log_metric_filter ?? {}) as any[];
  const arn = (service: string, resource: string) => `arn:aws:${service}:${client.region}:${client.accountId}:${resource}`;

  await tolerateExisting(jsonCall(client, "logs", "CreateLogGroup", { logGroupName: group.name }));
  await jsonCall(client, "logs", "PutRetentionPolicy", { logGroupName: group.name, retentionInDays: group.retention_in_days });

  const created = await s3Call(client, "PUT", bucket.bucket, {
    headers: { "x-amz-bucket-object-lock-enabled": String(bucket.object_lock_enabled) },
    body: `<CreateBucketConfiguration><LocationConstraint>${client.region}</LocationConstraint></CreateBucketConfiguration>`,
  });
  if (created.status >= 300 && !/BucketAlreadyOwnedByYou/.test(created.body.toString()))
    throw new Error(`CreateBucket: ${created.status} ${created.body}`);
  const lockXml = `<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>${lock.mode}</Mode><Days>${lock.days}</Days></DefaultRetention></Rule></ObjectLockConfiguration>`;
  const locked = await s3Call(client, "PUT", `${bucket.bucket}?object-lock`, { body: lockXml });
  if (locked.status >= 300) throw new Error(`PutObjectLockConfiguration: ${locked.status} ${locked.body}`);

  const s3 = stream.extended_s3_configuration;
  await tolerateExisting(
    jsonCall(client, "firehose", "CreateDeliveryStream", {
      DeliveryStreamName: stream.name,
      DeliveryStreamType: "DirectPut",
      ExtendedS3DestinationConfiguration: {
        RoleARN: arn("iam", "role/moto-firehose-delivery"),
        BucketARN: `arn:aws:s3:::${bucket.bucket}`,
        Prefix: s3.prefix,
        ErrorOutputPrefix: s3.error_output_prefix,
        CompressionFormat: s3.compression_format,
      },
    }),
  );
  await jsonCall(client, "logs", "PutSubscriptionFilter", {
    logGroupName: group.name,
    filterName: subscription.name,
    filterPattern: subscription.filter_pattern,
    destinationArn: arn("firehose", `deliverystream/${stream.name}`),
    roleArn: arn("iam", "role/moto-logs-subscription"),
  });
  for (const filter of filters) {
    await jsonCall(client, "logs", "PutMetricFilter", {
      logGroupName: group.name,
      filterName: filter.name,
      filterPattern: filter.pattern,
      metricTransformations: [filter.metric_transformation].flat().map((t: any) => ({
        metricName: t.name,
        metricNamespace: t.namespace,
        metricValue: t.value,
        defaultValue: Number(t.default_value),
      })),
    });
  }
  return {
    logGroupName: group.name,
    bucket: bucket.bucket,
    prefix: s3.prefix,
    streamName: stream.name,
    lock,
    metricFilters: filters.map((f) => ({ name: f.name, pattern: f.pattern })),
  };
}

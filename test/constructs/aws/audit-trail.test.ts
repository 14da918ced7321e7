import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Testing } from "cdktf";
import { AuditTrail } from "../../../lib/constructs/aws/audit-trail";
import { OidcProviders } from "../../../lib/constructs/aws/oidc-providers";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { planAwsTrail } from "../../../lib/plan/aws-plan";
import { awsStack, bodies, fixturePlan, synthJson } from "./support";

function trailStack(production: boolean, regulations: ("sox" | "hipaa" | "pci" | "gdpr")[]) {
  const stack = awsStack();
  new AuditTrail(stack, "audit-trail", {
    trail: planAwsTrail("acme-data", "222222222222", production, regulations),
    partition: "aws",
    accountId: "222222222222",
    region: "eu-west-1",
  });
  return stack;
}

describe("AuditTrail", () => {
  it("is a multi-region trail with log file validation, its own key and a CloudWatch log group", () => {
    const stack = trailStack(true, ["pci"]);
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(Cloudtrail, {
      name: "acme-data-etl-secrets",
      is_multi_region_trail: true,
      enable_log_file_validation: true,
      include_global_service_events: true,
    });
    const trail = bodies(synthJson(stack), "aws_cloudtrail")[0];
    expect(trail.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    expect(trail.cloud_watch_logs_group_arn).toMatch(/^\$\{aws_cloudwatch_log_group\..+\.arn\}:\*$/);
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/aws/cloudtrail/acme-data-etl-secrets",
      retention_in_days: 365,
    });
  });

  it("keeps a production trail in COMPLIANCE mode for the longest regulation (sox: 2,555 days)", () => {
    const synth = Testing.synth(trailStack(true, ["pci", "sox"]));
    expect(synth).toHaveResourceWithProperties(S3BucketObjectLockConfigurationA, {
      rule: { default_retention: { mode: "COMPLIANCE", days: 2555 } },
    });
    expect(synth).toHaveResourceWithProperties(S3Bucket, { object_lock_enabled: true, lifecycle: { prevent_destroy: true } });
  });

  it("keeps a non-production trail in GOVERNANCE mode for 90 days", () => {
    const synth = Testing.synth(trailStack(false, ["sox"]));
    expect(synth).toHaveResourceWithProperties(S3BucketObjectLockConfigurationA, {
      rule: { default_retention: { mode: "GOVERNANCE", days: 90 } },
    });
  });

  it("versions the bucket, blocks public access and requires TLS", () => {
    const stack = trailStack(true, []);
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Enabled" } });
    expect(synth).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const policy = JSON.parse(bodies(synthJson(stack), "aws_s3_bucket_policy")[0].policy);
    expect(policy.Statement[0]).toMatchObject({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });
});

describe("AuditTrail: access logs, lifecycle, notifications", () => {
  const stack = trailStack(true, ["sox"]);
  const json = synthJson(stack);
  const buckets = json.resource.aws_s3_bucket as Record<string, any>;
  const bucketKey = (name: string) => Object.keys(buckets).find((key) => buckets[key].bucket === name)!;
  const trailBucket = bucketKey("acme-data-222222222222-etl-secrets-trail");
  const logBucket = bucketKey("acme-data-222222222222-etl-secrets-access-logs");

  it("logs the trail bucket's access to a private, versioned, TLS-only access-log bucket", () => {
    const logging = bodies(json, "aws_s3_bucket_logging");
    expect(logging).toHaveLength(1);
    expect(logging[0]).toMatchObject({ bucket: `\${aws_s3_bucket.${trailBucket}.id}`, target_bucket: `\${aws_s3_bucket.${logBucket}.id}` });
    const bucketOf = (type: string) => bodies(json, type).map((b) => b.bucket);
    for (const type of [
      "aws_s3_bucket_versioning",
      "aws_s3_bucket_public_access_block",
      "aws_s3_bucket_server_side_encryption_configuration",
      "aws_s3_bucket_lifecycle_configuration",
      "aws_s3_bucket_policy",
    ]) {
      expect(bucketOf(type)).toContain(`\${aws_s3_bucket.${logBucket}.id}`);
    }
    const policy = JSON.parse(bodies(json, "aws_s3_bucket_policy").find((p) => p.bucket.includes(logBucket)).policy);
    expect(policy.Statement.map((s: any) => s.Sid)).toEqual(["DenyInsecureTransport", "S3ServerAccessLogsWrite"]);
    expect(policy.Statement[1].Condition.ArnEquals).toEqual({ "aws:SourceArn": "arn:aws:s3:::acme-data-222222222222-etl-secrets-trail" });
  });

  it("gives the access-log bucket SSE-S3 and no Object Lock (S3 log delivery takes neither), with the reason as a tag", () => {
    expect(buckets[logBucket].object_lock_enabled).toBeUndefined();
    expect(buckets[logBucket].tags["object-lock-exemption"]).toMatch(/log delivery/);
    expect(buckets[logBucket].lifecycle).toEqual({ prevent_destroy: true });
    const encryption = bodies(json, "aws_s3_bucket_server_side_encryption_configuration").find((e) => e.bucket.includes(logBucket));
    expect(encryption.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "AES256" });
  });

  it("expires noncurrent trail versions after the Object Lock retention and aborts incomplete uploads", () => {
    const lifecycle = bodies(json, "aws_s3_bucket_lifecycle_configuration").find((l) => l.bucket.includes(trailBucket));
    expect(lifecycle.rule).toEqual([
      {
        id: "noncurrent-after-retention",
        status: "Enabled",
        filter: [{}],
        noncurrent_version_expiration: [{ noncurrent_days: 2555 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
  });

  it("notifies an SNS topic encrypted with the trail key, which only this trail may publish to", () => {
    const topic = bodies(json, "aws_sns_topic")[0];
    expect(topic).toMatchObject({ name: "acme-data-etl-secrets-trail" });
    expect(topic.kms_master_key_id).toMatch(/^\$\{aws_kms_key\./);
    expect(bodies(json, "aws_cloudtrail")[0].sns_topic_name).toMatch(/^\$\{aws_sns_topic\..+\.name\}$/);
    const policy = JSON.parse(bodies(json, "aws_sns_topic_policy")[0].policy);
    expect(policy.Statement).toEqual([
      {
        Sid: "CloudTrailPublish",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: ["sns:Publish"],
        Resource: ["arn:aws:sns:eu-west-1:222222222222:acme-data-etl-secrets-trail"],
        Condition: { StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:222222222222:trail/acme-data-etl-secrets" } },
      },
    ]);
    const keyPolicy = JSON.parse(bodies(json, "aws_kms_key")[0].policy);
    expect(keyPolicy.Statement.find((s: any) => s.Sid === "CloudTrailNotificationsUseKey").Condition).toEqual({
      StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:222222222222:trail/acme-data-etl-secrets" },
    });
  });
});

describe("OidcProviders", () => {
  it("creates one provider per issuer of the account's jwt consumers", () => {
    const account = fixturePlan("acme.yaml").awsAccounts.find((a) => a.accountId === "222222222222")!;
    const stack = awsStack();
    new OidcProviders(stack, "oidc", { providers: account.oidcProviders });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(IamOpenidConnectProvider, {
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
  });
});

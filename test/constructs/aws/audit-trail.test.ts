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
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, { name: "/aws/cloudtrail/acme-data-etl-secrets", retention_in_days: 365 });
  });

  it("keeps a production trail in COMPLIANCE mode for the longest regulation (sox: 2,555 days)", () => {
    const synth = Testing.synth(trailStack(true, ["pci", "sox"]));
    expect(synth).toHaveResourceWithProperties(S3BucketObjectLockConfigurationA, { rule: { default_retention: { mode: "COMPLIANCE", days: 2555 } } });
    expect(synth).toHaveResourceWithProperties(S3Bucket, { object_lock_enabled: true, lifecycle: { prevent_destroy: true } });
  });

  it("keeps a non-production trail in GOVERNANCE mode for 90 days", () => {
    const synth = Testing.synth(trailStack(false, ["sox"]));
    expect(synth).toHaveResourceWithProperties(S3BucketObjectLockConfigurationA, { rule: { default_retention: { mode: "GOVERNANCE", days: 90 } } });
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
    expect(policy.Statement[0]).toMatchObject({ Sid: "DenyInsecureTransport", Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
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

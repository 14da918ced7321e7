import { ckvAws143S3ObjectLock as rule } from "../../../lib/checks/stack-checks/ckv-aws-143-s3-object-lock";
import { findings, stackOf } from "./ckv-support";

describe("CKV_AWS_143 S3 Object Lock", () => {
  it("passes a locked bucket with a default retention", () => {
    const stack = stackOf({
      aws_s3_bucket: { b: { bucket: "trail", object_lock_enabled: true } },
      aws_s3_bucket_object_lock_configuration: {
        l: { bucket: "${aws_s3_bucket.b.id}", rule: { default_retention: { mode: "COMPLIANCE", days: 365 } } },
      },
    });
    expect(findings(rule, stack)).toEqual([]);
  });
  it("fails a bucket without Object Lock", () => {
    expect(findings(rule, stackOf({ aws_s3_bucket: { b: { bucket: "x" } } }))).toEqual(["aws_s3_bucket.b: Object Lock is not enabled"]);
  });
  it("passes a bucket that states why it cannot be locked (the access-log bucket)", () => {
    const stack = stackOf({
      aws_s3_bucket: { b: { bucket: "x", tags: { "object-lock-exemption": "S3 log delivery refuses a default retention" } } },
    });
    expect(findings(rule, stack)).toEqual([]);
  });
  it("fails Object Lock without a default retention", () => {
    expect(findings(rule, stackOf({ aws_s3_bucket: { b: { bucket: "x", object_lock_enabled: true } } }))).toEqual([
      "aws_s3_bucket.b: Object Lock has no default retention",
    ]);
  });
});

import { block, references, resourcesOf, tagOf } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/** The tag through which a bucket states why it cannot have Object Lock. */
export const OBJECT_LOCK_EXEMPTION_TAG = "object-lock-exemption";

/**
 * Mirrors Checkov CKV_AWS_143: buckets have Object Lock enabled, here with a default retention
 * (aws_s3_bucket_object_lock_configuration) so that every audit object is locked on arrival.
 * Exempt, with the reason in the `object-lock-exemption` tag: the trail bucket's access-log bucket
 * (S3 server access log delivery refuses a target with a default retention), the same bucket
 * checkov/skips.yaml skips for Checkov's CKV_AWS_143.
 */
export const ckvAws143S3ObjectLock: CheckRule = {
  id: "CKV_AWS_143",
  severity: "error",
  description: "S3 buckets have Object Lock enabled with a default retention",
  fix: "set object_lock_enabled = true and add an aws_s3_bucket_object_lock_configuration with a default retention",
  check(stack: SynthStack): RuleFinding[] {
    const configurations = resourcesOf(stack, "aws_s3_bucket_object_lock_configuration");
    return resourcesOf(stack, "aws_s3_bucket").flatMap((resource) => {
      if (tagOf(resource, OBJECT_LOCK_EXEMPTION_TAG)) return [];
      const legacy = block(resource.config.object_lock_configuration)?.object_lock_enabled === "Enabled";
      if (resource.config.object_lock_enabled !== true && !legacy) return [{ resource, message: "Object Lock is not enabled" }];
      const configured = configurations.some((c) => {
        const bucket = c.config.bucket;
        const retention = block(block(c.config.rule)?.default_retention);
        return (references(bucket, resource.type, resource.name) || bucket === resource.config.bucket) && retention !== undefined;
      });
      return configured ? [] : [{ resource, message: "Object Lock has no default retention" }];
    });
  },
};

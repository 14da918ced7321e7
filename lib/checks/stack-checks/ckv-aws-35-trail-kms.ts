import { resourcesOf } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/** Mirrors Checkov CKV_AWS_35: CloudTrail logs are encrypted with a KMS key. */
export const ckvAws35TrailKms: CheckRule = {
  id: "CKV_AWS_35",
  severity: "error",
  description: "CloudTrail log files are encrypted with a customer-managed KMS key",
  fix: "set kms_key_id on the trail (the AuditTrail construct does)",
  check(stack: SynthStack): RuleFinding[] {
    return resourcesOf(stack, "aws_cloudtrail")
      .filter((resource) => typeof resource.config.kms_key_id !== "string" || resource.config.kms_key_id === "")
      .map((resource) => ({ resource, message: "the trail has no kms_key_id" }));
  },
};

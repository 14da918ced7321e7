import { resourcesOf } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/** Mirrors Checkov CKV_AWS_158: CloudWatch log groups are encrypted with a customer-managed key. */
export const ckvAws158LogGroupKms: CheckRule = {
  id: "CKV_AWS_158",
  severity: "error",
  description: "CloudWatch log groups are encrypted with a customer-managed KMS key",
  fix: "set kms_key_id to the environment's logs key",
  check(stack: SynthStack): RuleFinding[] {
    return resourcesOf(stack, "aws_cloudwatch_log_group")
      .filter((resource) => typeof resource.config.kms_key_id !== "string" || resource.config.kms_key_id === "")
      .map((resource) => ({ resource, message: "the log group has no kms_key_id" }));
  },
};

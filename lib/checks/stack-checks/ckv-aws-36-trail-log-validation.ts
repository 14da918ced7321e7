import { resourcesOf } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/** Mirrors Checkov CKV_AWS_36: CloudTrail log file validation is on. */
export const ckvAws36TrailLogValidation: CheckRule = {
  id: "CKV_AWS_36",
  severity: "error",
  description: "CloudTrail log file integrity validation is enabled",
  fix: "set enable_log_file_validation = true",
  check(stack: SynthStack): RuleFinding[] {
    return resourcesOf(stack, "aws_cloudtrail")
      .filter((resource) => resource.config.enable_log_file_validation !== true)
      .map((resource) => ({ resource, message: "log file validation is off" }));
  },
};

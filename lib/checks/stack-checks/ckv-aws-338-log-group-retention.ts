import { resourcesOf } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

const ONE_YEAR_DAYS = 365;

/** Mirrors Checkov CKV_AWS_338: log groups keep logs at least a year (an explicit retention). */
export const ckvAws338LogGroupRetention: CheckRule = {
  id: "CKV_AWS_338",
  severity: "error",
  description: `CloudWatch log groups retain logs for at least ${ONE_YEAR_DAYS} days`,
  fix: `set retention_in_days to ${ONE_YEAR_DAYS} or more (the class table's log retention)`,
  check(stack: SynthStack): RuleFinding[] {
    return resourcesOf(stack, "aws_cloudwatch_log_group").flatMap((resource) => {
      const days = resource.config.retention_in_days;
      if (typeof days !== "number") return [{ resource, message: "the log group has no explicit retention" }];
      return days > 0 && days < ONE_YEAR_DAYS ? [{ resource, message: `logs are kept ${days} days, less than ${ONE_YEAR_DAYS}` }] : [];
    });
  },
};

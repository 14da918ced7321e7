import { block, resourcesOf } from "../aws-resources";
import { SECRETS_MANAGER_MAX_ROTATION_DAYS } from "../../inventory/class-defaults";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

function scheduleDays(expression: unknown): number | undefined {
  if (typeof expression !== "string") return undefined;
  const rate = /^rate\((\d+)\s+days?\)$/.exec(expression.trim());
  return rate ? Number(rate[1]) : undefined;
}

/** Mirrors Checkov CKV_AWS_304: secrets rotate within 90 days. */
export const ckvAws304Rotation90Days: CheckRule = {
  id: "CKV_AWS_304",
  severity: "error",
  description: `Secrets Manager rotation happens at least every ${SECRETS_MANAGER_MAX_ROTATION_DAYS} days`,
  fix: `set rotation.days to ${SECRETS_MANAGER_MAX_ROTATION_DAYS} or fewer in the spec, or suppress with a reason`,
  check(stack: SynthStack): RuleFinding[] {
    return resourcesOf(stack, "aws_secretsmanager_secret_rotation").flatMap((resource) => {
      const rules = block(resource.config.rotation_rules);
      const days =
        typeof rules?.automatically_after_days === "number" ? rules.automatically_after_days : scheduleDays(rules?.schedule_expression);
      if (days === undefined) {
        return [
          {
            resource,
            message: "the rotation schedule is not a number of days this rule can read (automatically_after_days or rate(N days))",
          },
        ];
      }
      return days > SECRETS_MANAGER_MAX_ROTATION_DAYS
        ? [{ resource, message: `rotation every ${days} days exceeds ${SECRETS_MANAGER_MAX_ROTATION_DAYS}` }]
        : [];
    });
  },
};

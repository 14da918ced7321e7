import { block, resourcesOf } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/** Mirrors Checkov CKV_AWS_116: Lambda functions have a dead-letter queue. */
export const ckvAws116LambdaDlq: CheckRule = {
  id: "CKV_AWS_116",
  severity: "error",
  description: "Lambda functions have a dead-letter queue",
  fix: "set dead_letter_config.target_arn",
  check(stack: SynthStack): RuleFinding[] {
    return resourcesOf(stack, "aws_lambda_function")
      .filter((resource) => typeof block(resource.config.dead_letter_config)?.target_arn !== "string")
      .map((resource) => ({ resource, message: "the function has no dead-letter queue" }));
  },
};

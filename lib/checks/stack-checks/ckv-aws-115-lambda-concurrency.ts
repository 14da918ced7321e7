import { resourcesOf } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/** Mirrors Checkov CKV_AWS_115: Lambda functions have a concurrency limit. */
export const ckvAws115LambdaConcurrency: CheckRule = {
  id: "CKV_AWS_115",
  severity: "error",
  description: "Lambda functions reserve (and cap) their concurrent executions",
  fix: "set reserved_concurrent_executions",
  check(stack: SynthStack): RuleFinding[] {
    return resourcesOf(stack, "aws_lambda_function")
      .filter(
        (resource) =>
          typeof resource.config.reserved_concurrent_executions !== "number" ||
          (resource.config.reserved_concurrent_executions as number) < 0,
      )
      .map((resource) => ({ resource, message: "the function has no reserved concurrency" }));
  },
};

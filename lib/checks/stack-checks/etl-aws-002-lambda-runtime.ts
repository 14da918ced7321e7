import { resourcesOf } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/**
 * Lambda runtimes inside AWS's support window, as a static list (changed by a commit, never by the
 * calendar: a date comparison could turn a green synth red overnight). Lambda stops creating
 * functions on a deprecated runtime, so a deploy on one fails.
 */
export const SUPPORTED_LAMBDA_RUNTIMES: readonly string[] = ["nodejs22.x", "nodejs24.x"];

export const etlAws002LambdaRuntime: CheckRule = {
  id: "ETL-AWS-002",
  severity: "error",
  description: "Lambda functions run on a supported runtime",
  fix: `use one of ${SUPPORTED_LAMBDA_RUNTIMES.join(", ")} (lib/rotation/contract.ts LAMBDA_RUNTIME)`,
  check(stack: SynthStack): RuleFinding[] {
    return resourcesOf(stack, "aws_lambda_function")
      .filter((resource) => !SUPPORTED_LAMBDA_RUNTIMES.includes(String(resource.config.runtime)))
      .map((resource) => ({ resource, message: `runtime ${String(resource.config.runtime)} is not in the supported list` }));
  },
};

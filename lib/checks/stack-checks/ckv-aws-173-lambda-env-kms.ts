import { block, resourcesOf } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/** Mirrors Checkov CKV_AWS_173: Lambda environment variables are encrypted with a customer-managed key. */
export const ckvAws173LambdaEnvKms: CheckRule = {
  id: "CKV_AWS_173",
  severity: "error",
  description: "Lambda environment variables are encrypted with a customer-managed KMS key",
  fix: "set kms_key_arn on the function",
  check(stack: SynthStack): RuleFinding[] {
    return resourcesOf(stack, "aws_lambda_function")
      .filter((resource) => {
        const variables = block(resource.config.environment)?.variables as Record<string, unknown> | undefined;
        const hasVariables = variables !== undefined && Object.keys(variables).length > 0;
        return hasVariables && (typeof resource.config.kms_key_arn !== "string" || resource.config.kms_key_arn === "");
      })
      .map((resource) => ({ resource, message: "environment variables are encrypted with the AWS managed key" }));
  },
};

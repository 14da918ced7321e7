import { resourcesOf } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/** Mirrors Checkov CKV_AWS_149: secrets are encrypted with a customer-managed KMS key. */
export const ckvAws149SecretCmk: CheckRule = {
  id: "CKV_AWS_149",
  severity: "error",
  description: "Secrets Manager secrets are encrypted with a customer-managed KMS key",
  fix: "set kms_key_id to the environment's secrets key (the AwsEnvironment construct does)",
  check(stack: SynthStack): RuleFinding[] {
    return resourcesOf(stack, "aws_secretsmanager_secret")
      .filter((resource) => typeof resource.config.kms_key_id !== "string" || resource.config.kms_key_id === "")
      .map((resource) => ({ resource, message: "the secret has no kms_key_id: it is encrypted with the AWS managed key" }));
  },
};

import { resourcesOf } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/** Mirrors Checkov CKV_AWS_7: symmetric customer-managed keys rotate their material. */
export const ckvAws7KmsKeyRotation: CheckRule = {
  id: "CKV_AWS_7",
  severity: "error",
  description: "KMS keys have automatic key rotation enabled",
  fix: "set enable_key_rotation = true",
  check(stack: SynthStack): RuleFinding[] {
    return resourcesOf(stack, "aws_kms_key")
      .filter((resource) => {
        const spec = resource.config.customer_master_key_spec;
        const symmetric = spec === undefined || spec === "SYMMETRIC_DEFAULT";
        return symmetric && resource.config.enable_key_rotation !== true;
      })
      .map((resource) => ({ resource, message: "key rotation is not enabled" }));
  },
};

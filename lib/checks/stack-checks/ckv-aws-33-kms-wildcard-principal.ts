import { isWildcardPrincipal, readPolicy, resourcesOf } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/** Mirrors Checkov CKV_AWS_33: no key policy statement allows the "*" principal. */
export const ckvAws33KmsWildcardPrincipal: CheckRule = {
  id: "CKV_AWS_33",
  severity: "error",
  description: "KMS key policies do not allow the wildcard principal",
  fix: "delegate to the account root (arn:aws:iam::<account>:root) and grant principals in their identity policies",
  check(stack: SynthStack): RuleFinding[] {
    return resourcesOf(stack, "aws_kms_key").flatMap((resource) => {
      if (resource.config.policy === undefined) return [];
      const statements = readPolicy(resource.config.policy);
      if (!statements) return [{ resource, message: "the key policy is not readable JSON text" }];
      return statements
        .filter((s) => s.effect === "Allow" && isWildcardPrincipal(s.principal))
        .map((s) => ({ resource, message: `key policy statement ${s.sid ?? "(no Sid)"} allows the "*" principal` }));
    });
  },
};

import { identityPolicies } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/** Mirrors Checkov CKV_AWS_63: no identity policy allows Action "*". */
export const ckvAws63IamWildcardAction: CheckRule = {
  id: "CKV_AWS_63",
  severity: "error",
  description: 'IAM policies do not allow the "*" action',
  fix: "list the actions the principal needs",
  check(stack: SynthStack): RuleFinding[] {
    return identityPolicies(stack).flatMap(({ resource, statements }) => {
      if (!statements) return [{ resource, message: "the policy is not readable JSON text" }];
      return statements
        .filter((s) => s.effect === "Allow" && s.actions.some((a) => a === "*" || a === "*:*"))
        .map((s) => ({ resource, message: `statement ${s.sid ?? "(no Sid)"} allows every action` }));
    });
  },
};

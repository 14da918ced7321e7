import { identityPolicies } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/** Mirrors Checkov CKV_AWS_62: no identity policy grants full administrative privileges ("*" on "*"). */
export const ckvAws62IamAdmin: CheckRule = {
  id: "CKV_AWS_62",
  severity: "error",
  description: 'IAM policies do not allow full "*:*" administrative privileges',
  fix: "grant exact actions on exact resources",
  check(stack: SynthStack): RuleFinding[] {
    return identityPolicies(stack).flatMap(({ resource, statements }) =>
      (statements ?? [])
        .filter((s) => s.effect === "Allow" && s.actions.some((a) => a === "*" || a === "*:*") && s.resources.includes("*"))
        .map((s) => ({ resource, message: `statement ${s.sid ?? "(no Sid)"} allows every action on every resource` })),
    );
  },
};

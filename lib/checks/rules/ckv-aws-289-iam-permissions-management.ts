import { identityPolicies } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/**
 * Actions that change who may do what (permissions management) or expose a resource (resource
 * policies, grants). A service wildcard (`iam:*`) covers them too.
 */
const PERMISSIONS_MANAGEMENT = [
  /^iam:(\*|Attach.*|Detach.*|Put.*Policy|Delete.*Policy|Create(Policy|PolicyVersion|Role|User|AccessKey|LoginProfile)|Update(AssumeRolePolicy|LoginProfile)|PassRole|AddUserToGroup|SetDefaultPolicyVersion)$/i,
  /^kms:(\*|PutKeyPolicy|CreateGrant|RetireGrant|RevokeGrant)$/i,
  /^secretsmanager:(\*|PutResourcePolicy|DeleteResourcePolicy)$/i,
  /^s3:(\*|PutBucketPolicy|DeleteBucketPolicy|PutBucketAcl|PutObjectAcl|PutBucketPublicAccessBlock)$/i,
  /^(lambda|sns|sqs):(\*|AddPermission|RemovePermission|SetQueueAttributes|SetTopicAttributes)$/i,
  /^sts:\*$/i,
];

/** Mirrors Checkov CKV_AWS_289: no permissions management or resource exposure without constraints. */
export const ckvAws289IamPermissionsManagement: CheckRule = {
  id: "CKV_AWS_289",
  severity: "error",
  description: "IAM policies do not allow permissions management or resource exposure on every resource",
  fix: 'name the exact resources instead of "*"',
  check(stack: SynthStack): RuleFinding[] {
    return identityPolicies(stack).flatMap(({ resource, statements }) =>
      (statements ?? [])
        .filter((s) => s.effect === "Allow" && s.resources.includes("*"))
        .flatMap((s) =>
          s.actions
            .filter((a) => a === "*" || PERMISSIONS_MANAGEMENT.some((pattern) => pattern.test(a)))
            .map((a) => ({ resource, message: `statement ${s.sid ?? "(no Sid)"} allows ${a} on every resource` })),
        ),
    );
  },
};

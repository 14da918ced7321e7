import { actionsOnEveryResource } from "../aws-resources";
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
    return actionsOnEveryResource(stack)
      .filter(({ action }) => action === "*" || PERMISSIONS_MANAGEMENT.some((pattern) => pattern.test(action)))
      .map(({ resource, sid, action }) => ({ resource, message: `statement ${sid} allows ${action} on every resource` }));
  },
};

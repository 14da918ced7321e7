import { actionsOnEveryResource } from "../aws-resources";
import type { CheckRule, RuleFinding, SynthStack } from "../types";

/**
 * Actions IAM accepts only with Resource "*" (no resource-level permission), which may therefore
 * carry it. Each with the reason it is here.
 */
export const RESOURCE_WILDCARD_ACTIONS: Readonly<Record<string, string>> = Object.freeze({
  "secretsmanager:GetRandomPassword": "generates a password; it acts on no resource",
  "secretsmanager:ListSecrets": "lists; no resource-level permission",
  // The auditor's role (etl-secrets audit) lists roles; the reader keeps those under the environment's path.
  "iam:ListRoles": "lists; no resource-level permission",
  "sts:GetCallerIdentity": "acts on no resource",
  // Lambda VPC placement: the function's ENIs do not exist before the function does, and AWS's own
  // AWSLambdaVPCAccessExecutionRole grants these on "*".
  "ec2:CreateNetworkInterface": "Lambda VPC placement",
  "ec2:DescribeNetworkInterfaces": "describe actions have no resource-level permission",
  "ec2:DeleteNetworkInterface": "Lambda VPC placement",
  "ec2:AssignPrivateIpAddresses": "Lambda VPC placement",
  "ec2:UnassignPrivateIpAddresses": "Lambda VPC placement",
  // Active X-Ray tracing of the rotation functions (CKV_AWS_50): X-Ray defines no resource type
  // for these actions, and AWS's AWSXRayDaemonWriteAccess grants them on "*".
  "xray:PutTraceSegments": "X-Ray tracing; no resource-level permission",
  "xray:PutTelemetryRecords": "X-Ray tracing; no resource-level permission",
});

/** Mirrors Checkov CKV_AWS_355: no "*" resource for actions that support resource-level permissions. */
export const ckvAws355IamWildcardResource: CheckRule = {
  id: "CKV_AWS_355",
  severity: "error",
  description: 'IAM policies do not use Resource "*" for actions that can be restricted to resources',
  fix: "name the exact resources (secret ARNs, key ARN, log group ARN)",
  check(stack: SynthStack): RuleFinding[] {
    return actionsOnEveryResource(stack)
      .filter(({ action }) => !(action in RESOURCE_WILDCARD_ACTIONS))
      .map(({ resource, sid, action }) => ({ resource, message: `statement ${sid} allows ${action} on every resource` }));
  },
};

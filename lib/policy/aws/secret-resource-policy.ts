/*
 * The resource policy of one secret. It denies every principal of another account or another
 * environment (principals carry an `environment` tag), denies reading or writing the value to
 * principals of the account without that tag (an account shared by environments holds untagged
 * principals too: admins, other teams' jobs), lets the shared rotation function of the
 * secret's target rotate it and the functions that use it as a master read it, lets the drill role
 * drill it and the reminder checker list its version dates where the plan says so, and, when the
 * connector is quarantined, denies its consumers everything and the break-glass role the read:
 * never the rotation function or the deploying principal, and break-glass keeps replacing,
 * rotating and restoring, so rotation and recovery keep working.
 */
import { DRILL_SECRET_ACTIONS } from "./drill-policy";
import { policyDocument, type PolicyDocument, type PolicyStatement } from "./policy-document";
import { REMINDER_SECRET_ACTIONS } from "./reminders-policy";

/** What the rotation function does with the secret it rotates (AWS's four steps). */
export const ROTATION_SECRET_ACTIONS = [
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetSecretValue",
  "secretsmanager:PutSecretValue",
  "secretsmanager:UpdateSecretVersionStage",
] as const;

/**
 * What a principal of the account without an `environment` tag may not do: touch the value. The
 * container stays manageable (describe, tags, resource policy, rotation settings, deletion) by
 * whoever deploys, usually an untagged CI role, so Terraform never locks itself out. Everything the
 * library creates in an environment (consumer, rotation, break-glass roles) carries the tag.
 */
export const UNTAGGED_DENIED_ACTIONS = [
  "secretsmanager:GetSecretValue",
  "secretsmanager:PutSecretValue",
  "secretsmanager:UpdateSecretVersionStage",
] as const;

/** What a function does with the master secret of alternating users: read it. */
export const MASTER_SECRET_ACTIONS = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"] as const;

export interface SecretResourcePolicyInput {
  readonly environment: string;
  readonly accountId: string;
  /** The secret's ARN (a reference in the construct). */
  readonly secretArn: string;
  /** Role of the rotation function that rotates this secret. */
  readonly rotationRoleArn?: string;
  /** Roles of rotation functions that read this secret as a master; ordered by target. */
  readonly masterReaderRoleArns?: readonly string[];
  /**
   * The environment's drill role, on a secret it drills (lib/plan/identity/drill.ts): the grant
   * sits here, per secret, so the role's own policy does not grow with the environment (IAM allows
   * 10,240 characters of inline policy per role; a thousand exact ARNs are several times that).
   */
  readonly drillRoleArn?: string;
  /** The daily reminder checker's role, on a secret it checks (lib/plan/reminder-plan.ts); here for the same reason. */
  readonly reminderCheckerRoleArn?: string;
  /** Quarantine: the consumers' role ARNs, ordered by consumer id. */
  readonly quarantinedPrincipalArns?: readonly string[];
  /**
   * Quarantine: people's roles (break-glass) that keep what they are for (replace, rotate,
   * restore) but may not read the presumed-compromised value.
   */
  readonly quarantinedReaderArns?: readonly string[];
  /**
   * Existing consumer roles (`roleArn`) that read the secret: the library does not manage their
   * tags, so they are exempt, by exact ARN, from the deny of untagged principals (never from the
   * deny of another environment's tag). Ordered by consumer id.
   */
  readonly untaggedReaderArns?: readonly string[];
}

export function secretResourcePolicy(input: SecretResourcePolicyInput): PolicyDocument {
  const resource = [input.secretArn];
  const statements: PolicyStatement[] = [
    {
      Sid: "DenyOtherAccounts",
      Effect: "Deny",
      Principal: "*",
      Action: ["secretsmanager:*"],
      Resource: resource,
      Condition: {
        StringNotEquals: { "aws:PrincipalAccount": input.accountId },
        Null: { "aws:PrincipalAccount": "false" },
      },
    },
    {
      Sid: "DenyOtherEnvironments",
      Effect: "Deny",
      Principal: "*",
      Action: ["secretsmanager:*"],
      Resource: resource,
      Condition: {
        StringNotEquals: { "aws:PrincipalTag/environment": input.environment },
        Null: { "aws:PrincipalTag/environment": "false" },
      },
    },
  ];
  statements.push(...quarantineDenies(input, resource), ...grants(input, resource));
  // Last, so the statements above keep their positions in every existing policy.
  statements.push({
    Sid: "DenyUntaggedPrincipalsValue",
    Effect: "Deny",
    Principal: "*",
    Action: [...UNTAGGED_DENIED_ACTIONS],
    Resource: resource,
    Condition: {
      Null: { "aws:PrincipalTag/environment": "true" },
      ...(input.untaggedReaderArns && input.untaggedReaderArns.length > 0
        ? { ArnNotEquals: { "aws:PrincipalArn": roleArnForms(input.untaggedReaderArns) } }
        : {}),
    },
  });
  return policyDocument(statements);
}

/**
 * Each role ARN as written and without its IAM path: `aws:PrincipalArn` reports a role's ARN, and
 * a role name is unique in its account whatever the path, so both forms name the same one role
 * (which form a request carries then never decides the exemption).
 */
function roleArnForms(arns: readonly string[]): string[] {
  const forms: string[] = [];
  for (const arn of arns) {
    for (const form of [arn, arn.replace(/^(arn:[^:]+:iam::\d+:role\/)(?:[^/]*\/)*([^/]+)$/, "$1$2")]) {
      if (!forms.includes(form)) forms.push(form);
    }
  }
  return forms;
}

/** Quarantine: the consumers lose everything, break-glass the read. */
function quarantineDenies(input: SecretResourcePolicyInput, resource: string[]): PolicyStatement[] {
  const out: PolicyStatement[] = [];
  if (input.quarantinedPrincipalArns && input.quarantinedPrincipalArns.length > 0) {
    out.push({
      Sid: "QuarantineDenyConsumers",
      Effect: "Deny",
      Principal: { AWS: [...input.quarantinedPrincipalArns] },
      Action: ["secretsmanager:*"],
      Resource: resource,
    });
  }
  if (input.quarantinedReaderArns && input.quarantinedReaderArns.length > 0) {
    out.push({
      Sid: "QuarantineDenyPeopleRead",
      Effect: "Deny",
      Principal: { AWS: [...input.quarantinedReaderArns] },
      Action: ["secretsmanager:GetSecretValue"],
      Resource: resource,
    });
  }
  return out;
}

/** The library's own functions and roles that this secret's plan grants: rotation, master reads, drill, reminder checks. */
function grants(input: SecretResourcePolicyInput, resource: string[]): PolicyStatement[] {
  const masters = input.masterReaderRoleArns && input.masterReaderRoleArns.length > 0 ? [...input.masterReaderRoleArns] : undefined;
  const granted: readonly (readonly [string, string | string[] | undefined, readonly string[]])[] = [
    ["RotationFunctionRotates", input.rotationRoleArn, ROTATION_SECRET_ACTIONS],
    ["RotationFunctionsReadMaster", masters, MASTER_SECRET_ACTIONS],
    ["DrillRoleDrills", input.drillRoleArn, DRILL_SECRET_ACTIONS],
    ["ReminderCheckerListsVersionDates", input.reminderCheckerRoleArn, REMINDER_SECRET_ACTIONS],
  ];
  return granted.flatMap(([sid, principal, actions]): PolicyStatement[] =>
    principal ? [{ Sid: sid, Effect: "Allow", Principal: { AWS: principal }, Action: [...actions], Resource: resource }] : [],
  );
}

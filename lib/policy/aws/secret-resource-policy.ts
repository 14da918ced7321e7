/*
 * The resource policy of one secret. It denies every principal of another account or another
 * environment (principals carry an `environment` tag), lets the shared rotation function of the
 * secret's target rotate it and the functions that use it as a master read it, and, when the
 * connector is quarantined, denies exactly its consumers: never the rotation function, the
 * break-glass role or the deploying principal, so rotation and recovery keep working.
 */
import { policyDocument, type PolicyDocument, type PolicyStatement } from "./policy-document";

/** What the rotation function does with the secret it rotates (AWS's four steps). */
export const ROTATION_SECRET_ACTIONS = [
  "secretsmanager:DescribeSecret",
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
  /** Quarantine: the consumers' role ARNs, ordered by consumer id. */
  readonly quarantinedPrincipalArns?: readonly string[];
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
  if (input.quarantinedPrincipalArns && input.quarantinedPrincipalArns.length > 0) {
    statements.push({
      Sid: "QuarantineDenyConsumers",
      Effect: "Deny",
      Principal: { AWS: [...input.quarantinedPrincipalArns] },
      Action: ["secretsmanager:*"],
      Resource: resource,
    });
  }
  if (input.rotationRoleArn) {
    statements.push({
      Sid: "RotationFunctionRotates",
      Effect: "Allow",
      Principal: { AWS: input.rotationRoleArn },
      Action: [...ROTATION_SECRET_ACTIONS],
      Resource: resource,
    });
  }
  if (input.masterReaderRoleArns && input.masterReaderRoleArns.length > 0) {
    statements.push({
      Sid: "RotationFunctionsReadMaster",
      Effect: "Allow",
      Principal: { AWS: [...input.masterReaderRoleArns] },
      Action: [...MASTER_SECRET_ACTIONS],
      Resource: resource,
    });
  }
  return policyDocument(statements);
}

/*
 * Identity policies of the roles the library runs itself: the shared rotation function (its
 * secrets come from each secret's resource policy, so this policy never grows with connectors),
 * the break-glass role, and a cloud-role credential's exact permissions.
 */
import { policyDocument, secretsManagerEndpoint, type PolicyDocument, type PolicyStatement } from "./policy-document";
import { byText } from "../../shared/text-order";

export interface RotationRolePolicyInput {
  readonly region: string;
  readonly logGroupArn: string;
  readonly deadLetterQueueArn: string;
  readonly secretsKeyArn: string;
  readonly logsKeyArn: string;
  /** Database targets generate passwords with GetRandomPassword. */
  readonly generatesPasswords: boolean;
  /** The function runs in a VPC. */
  readonly vpc: boolean;
  /** It rotates Secrets Manager secrets (their key, through Secrets Manager). @default true */
  readonly rotatesSecrets?: boolean;
  /**
   * aws-iam-access-key: the IAM users whose access keys it lists, creates and deletes, as an ARN
   * pattern (`arn:<partition>:iam::<account>:user<iamPath>*`). @default none
   */
  readonly managesAccessKeysOf?: string;
  /**
   * The environment's RotationSucceeded topic, which the key-broker function announces Vault
   * rotations on (the topic's key is the logs key, already granted). @default none
   */
  readonly publishesTo?: string;
}

export function rotationRolePolicy(input: RotationRolePolicyInput): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: [`${input.logGroupArn}:log-stream:*`],
    },
    { Sid: "DeadLetterQueue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [input.deadLetterQueueArn] },
    // Only a function that rotates Secrets Manager secrets (the key-broker function may exist for
    // Vault-stored credentials alone, and then needs no Secrets Manager access at all).
    ...(input.rotatesSecrets === false
      ? []
      : [
          {
            Sid: "SecretsKeyViaSecretsManager",
            Effect: "Allow" as const,
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: [input.secretsKeyArn],
            Condition: { StringEquals: { "kms:ViaService": secretsManagerEndpoint(input.region) } },
          },
        ]),
    // Environment variables and the dead-letter queue are encrypted with the logs key.
    { Sid: "OperationalKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [input.logsKeyArn] },
    // Active X-Ray tracing: the function sends its segments. Neither action has a resource type.
    { Sid: "WriteXrayTraces", Effect: "Allow", Action: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], Resource: ["*"] },
  ];
  if (input.generatesPasswords) {
    statements.push({ Sid: "GenerateRandomPassword", Effect: "Allow", Action: ["secretsmanager:GetRandomPassword"], Resource: ["*"] });
  }
  if (input.managesAccessKeysOf) {
    statements.push({
      Sid: "RotateIamUserAccessKeys",
      Effect: "Allow",
      Action: ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys"],
      Resource: [input.managesAccessKeysOf],
    });
  }
  if (input.publishesTo) {
    statements.push({ Sid: "PublishRotated", Effect: "Allow", Action: ["sns:Publish"], Resource: [input.publishesTo] });
  }
  if (input.vpc) {
    statements.push({
      Sid: "ManageVpcNetworkInterfaces",
      Effect: "Allow",
      Action: [
        "ec2:AssignPrivateIpAddresses",
        "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:UnassignPrivateIpAddresses",
      ],
      Resource: ["*"],
    });
  }
  return policyDocument(statements);
}

export interface BreakGlassPolicyInput {
  readonly environment: string;
  readonly region: string;
  /** `arn:...:secret:<organization>/<environment>/` */
  readonly secretArnPrefix: string;
  readonly secretsKeyArn: string;
}

/** What an operator may do in an emergency: read, restore, re-seed and rotate the environment's secrets. */
export const BREAK_GLASS_ACTIONS = [
  "secretsmanager:CancelRotateSecret",
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetSecretValue",
  "secretsmanager:ListSecretVersionIds",
  "secretsmanager:PutSecretValue",
  "secretsmanager:RestoreSecret",
  "secretsmanager:RotateSecret",
] as const;

/**
 * The break-glass role reaches every secret of its environment, so it names them by the
 * environment's name prefix: exact ARNs of a thousand secrets would exceed IAM's policy size limit
 * (10,240 characters of inline policy per role), and a new connector must not need a policy change
 * to be recoverable. The environment tag condition keeps it inside the environment.
 */
export function breakGlassPolicy(input: BreakGlassPolicyInput): PolicyDocument {
  return policyDocument([
    {
      Sid: "BreakGlassSecrets",
      Effect: "Allow",
      Action: [...BREAK_GLASS_ACTIONS],
      Resource: [`${input.secretArnPrefix}*`],
      Condition: { StringEquals: { "aws:ResourceTag/environment": input.environment } },
    },
    {
      Sid: "DecryptViaSecretsManager",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: [input.secretsKeyArn],
      Condition: { StringEquals: { "kms:ViaService": secretsManagerEndpoint(input.region) } },
    },
  ]);
}

function sidPart(action: string): string {
  return action
    .replace(/\*/g, "Any")
    .split(/[^A-Za-z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** A cloud-role credential's permissions: exactly its `allow` map, one statement per action. */
export function cloudRolePolicy(allow: Readonly<Record<string, readonly string[]>>): PolicyDocument {
  const actions = Object.keys(allow).sort(byText);
  return policyDocument(
    actions.map((action) => ({
      Sid: `Allow${sidPart(action)}`,
      Effect: "Allow" as const,
      Action: [action],
      Resource: [...allow[action]].sort(byText),
    })),
  );
}

/*
 * The identity policy of a consumer's role: GetSecretValue / DescribeSecret on exactly the ARNs of
 * its secrets, with an ABAC condition (the secret's environment tag equals the principal's), decrypt
 * only through Secrets Manager, write-back only on its own rotating refresh tokens, and AssumeRole
 * only on the cloud roles it was declared for.
 */
import { policyDocument, secretsManagerEndpoint, type PolicyDocument, type PolicyStatement } from "./policy-document";
import { byText } from "../../shared/text-order";

export const READ_SECRET_ACTIONS = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"] as const;

/** The IAM policy variable of the principal's environment tag. */
export const PRINCIPAL_ENVIRONMENT_TAG = "${aws:PrincipalTag/environment}";

export interface ConsumerPolicyInput {
  readonly environment: string;
  readonly region: string;
  /** Credential ids whose secrets the consumer reads. */
  readonly reads: readonly string[];
  /** Credential ids whose secrets it may write back. */
  readonly writesBack?: readonly string[];
  /** Credential ids of cloud roles it may assume. */
  readonly assumes?: readonly string[];
  readonly secretArn: (credentialId: string) => string;
  readonly cloudRoleArn?: (credentialId: string) => string;
  readonly secretsKeyArn: string;
  /**
   * `principal-tag`: the secret's environment tag must equal the principal's (roles the library
   * creates, which it tags). `environment`: it must equal the environment's name (existing roles,
   * whose tags the library does not manage).
   * @default "principal-tag"
   */
  readonly abac?: "principal-tag" | "environment";
}

function sortedIds(ids: readonly string[] | undefined): string[] {
  return [...new Set(ids ?? [])].sort(byText);
}

export function consumerPolicy(input: ConsumerPolicyInput): PolicyDocument {
  const reads = sortedIds(input.reads);
  const writesBack = sortedIds(input.writesBack);
  const assumes = sortedIds(input.assumes);
  const tagCondition = {
    StringEquals: { "aws:ResourceTag/environment": input.abac === "environment" ? input.environment : PRINCIPAL_ENVIRONMENT_TAG },
  };
  const statements: PolicyStatement[] = [];
  if (reads.length > 0) {
    statements.push({
      Sid: "ReadSecrets",
      Effect: "Allow",
      Action: [...READ_SECRET_ACTIONS],
      Resource: reads.map(input.secretArn),
      Condition: tagCondition,
    });
  }
  if (writesBack.length > 0) {
    statements.push({
      Sid: "WriteBackOwnSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:PutSecretValue"],
      Resource: writesBack.map(input.secretArn),
      Condition: tagCondition,
    });
  }
  if (reads.length > 0 || writesBack.length > 0) {
    statements.push({
      Sid: "DecryptViaSecretsManager",
      Effect: "Allow",
      Action: writesBack.length > 0 ? ["kms:Decrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"],
      Resource: [input.secretsKeyArn],
      Condition: { StringEquals: { "kms:ViaService": secretsManagerEndpoint(input.region) } },
    });
  }
  if (assumes.length > 0 && input.cloudRoleArn) {
    statements.push({
      Sid: "AssumeCloudRoles",
      Effect: "Allow",
      Action: ["sts:AssumeRole"],
      Resource: assumes.map(input.cloudRoleArn),
    });
  }
  return policyDocument(statements);
}

import { policyDocument, secretsManagerEndpoint, type PolicyDocument } from "./policy-document";

/*
 * The drill role (`<org>-<env>.drill`, `etl-secrets runbook --drill`, non-production only) rotates,
 * reads and describes exactly the environment's drillable secrets (database passwords Secrets
 * Manager rotates) and decrypts them through Secrets Manager only, as every consumer role does
 * (kms:ViaService). The secrets are granted by each drillable secret's resource policy, naming the
 * role (lib/policy/aws/secret-resource-policy.ts): exact, no pattern, and this identity policy keeps
 * its size whatever the number of secrets (IAM: 10,240 characters of inline policy per role).
 */
export interface DrillPolicyInput {
  readonly region: string;
  readonly secretsKeyArn: string;
}

/** What the drill does with a drillable secret, granted by the secret's resource policy. */
export const DRILL_SECRET_ACTIONS = [
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetSecretValue",
  "secretsmanager:RotateSecret",
] as const;

export function drillRolePolicy(input: DrillPolicyInput): PolicyDocument {
  return policyDocument([
    {
      Sid: "DecryptViaSecretsManager",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: [input.secretsKeyArn],
      Condition: { StringEquals: { "kms:ViaService": secretsManagerEndpoint(input.region) } },
    },
  ]);
}

import { policyDocument, secretsManagerEndpoint, type PolicyDocument } from "./policy-document";

/*
 * The drill role (`<org>-<env>.drill`, `etl-secrets runbook --drill`, non-production only): rotate,
 * read and describe exactly the environment's drillable secrets (database passwords Secrets
 * Manager rotates), and decrypt them through Secrets Manager only, as every consumer role does
 * (kms:ViaService). Exact ARNs, no pattern.
 */
export interface DrillPolicyInput {
  readonly region: string;
  readonly secretArns: readonly string[];
  readonly secretsKeyArn: string;
}

export const DRILL_SECRET_ACTIONS = [
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetSecretValue",
  "secretsmanager:RotateSecret",
] as const;

export function drillRolePolicy(input: DrillPolicyInput): PolicyDocument {
  return policyDocument([
    { Sid: "DrillRotatesSecrets", Effect: "Allow", Action: [...DRILL_SECRET_ACTIONS], Resource: [...input.secretArns] },
    {
      Sid: "DecryptViaSecretsManager",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: [input.secretsKeyArn],
      Condition: { StringEquals: { "kms:ViaService": secretsManagerEndpoint(input.region) } },
    },
  ]);
}

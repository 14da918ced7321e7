/*
 * Trust policy of the roles Vault's AWS engine assumes for dynamic keys (lib/plan/vault-engine-roles.ts).
 */
import { VAULT_IDENTITY_PATH } from "../../plan/vault-engine-roles";
import { accountRoot, policyDocument, type PolicyDocument } from "./policy-document";

/**
 * Who may assume an engine role: Vault's own role when the environment names it; otherwise roles of
 * the environment's account under the IAM path `/vault/` (validation warns that this is a default).
 */
export function vaultEngineTrustPolicy(input: {
  readonly partition: string;
  readonly accountId: string;
  readonly vaultRoleArn?: string;
}): PolicyDocument {
  if (input.vaultRoleArn) {
    return policyDocument([
      { Sid: "TrustVaultIdentity", Effect: "Allow", Principal: { AWS: input.vaultRoleArn }, Action: ["sts:AssumeRole"] },
    ]);
  }
  return policyDocument([
    {
      Sid: "TrustVaultRolesOfTheAccount",
      Effect: "Allow",
      Principal: { AWS: accountRoot(input.partition, input.accountId) },
      Action: ["sts:AssumeRole"],
      Condition: { ArnLike: { "aws:PrincipalArn": `arn:${input.partition}:iam::${input.accountId}:role${VAULT_IDENTITY_PATH}*` } },
    },
  ]);
}

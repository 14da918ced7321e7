import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import type { AwsBreakGlassPlan } from "../../plan/aws-types";
import { breakGlassPolicy } from "../../policy/aws/role-policies";
import { breakGlassTrustPolicy } from "../../policy/aws/trust-policy";
import { policyJson } from "./terraform-text";

export interface BreakGlassRoleProps {
  readonly plan: AwsBreakGlassPlan;
  readonly environment: string;
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  readonly iamPath: string;
  readonly secretArnPrefix: string;
  readonly secretsKeyArn: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The production environment's break-glass role: people of the account with MFA (signed in within
 * the hour), for an hour at most; reads, restores, re-seeds and rotates the environment's secrets.
 * Quarantine never denies it, so recovery keeps working.
 */
export class BreakGlassRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: BreakGlassRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.plan.roleName,
      path: props.iamPath,
      description: `Break-glass access to the secrets of ${props.environment} (MFA, ${props.plan.maxSessionSeconds / 60} minutes)`,
      assumeRolePolicy: policyJson(
        breakGlassTrustPolicy({ partition: props.partition, accountId: props.accountId, mfaMaxAgeSeconds: props.plan.mfaMaxAgeSeconds }),
      ),
      maxSessionDuration: props.plan.maxSessionSeconds,
      tags: { ...props.tags, "break-glass": "true" },
    });
    new IamRolePolicy(this, "policy", {
      name: props.plan.roleName,
      role: this.role.id,
      policy: policyJson(
        breakGlassPolicy({
          environment: props.environment,
          region: props.region,
          secretArnPrefix: props.secretArnPrefix,
          secretsKeyArn: props.secretsKeyArn,
        }),
      ),
    });
  }
}

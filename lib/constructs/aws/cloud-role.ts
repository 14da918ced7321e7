import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import type { AwsCloudRolePlan } from "../../plan/aws-types";
import { cloudRolePolicy } from "../../policy/aws/role-policies";
import { trustPolicy } from "../../policy/aws/trust-policy";
import { policyJson } from "./terraform-text";

export interface CloudRoleProps {
  readonly role: AwsCloudRolePlan;
  readonly partition: string;
  readonly iamPath: string;
  /** ARN of a consumer's role in the environment (trusted when the consumer has one). */
  readonly consumerRoleArn: (consumerId: string) => string;
}

/**
 * A cloud-role credential: no secret, an IAM role with exactly its `allow` permissions, trusted by
 * its consumers (their roles, their accounts with the third party's external id, or their OIDC
 * identity).
 */
export class CloudRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: CloudRoleProps) {
    super(scope, id);
    const { role } = props;
    this.role = new IamRole(this, "role", {
      name: role.roleName,
      path: props.iamPath,
      description: role.description.slice(0, 1000),
      assumeRolePolicy: policyJson(
        trustPolicy({ partition: props.partition, trusts: role.trusts, consumerRoleArn: props.consumerRoleArn }),
      ),
      maxSessionDuration: 3600,
      tags: { ...role.tags },
      lifecycle: { preventDestroy: role.preventDestroy },
    });
    new IamRolePolicy(this, "policy", { name: role.policyName, role: this.role.id, policy: policyJson(cloudRolePolicy(role.allow)) });
  }

  get roleArn(): string {
    return this.role.arn;
  }
}

import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import type { AwsConsumerRolePlan } from "../../plan/aws-types";
import { consumerPolicy } from "../../policy/aws/consumer-policy";
import { trustPolicy } from "../../policy/aws/trust-policy";
import { policyJson } from "./terraform-text";

export interface ConsumerRoleProps {
  readonly role: AwsConsumerRolePlan;
  readonly partition: string;
  readonly iamPath: string;
  /** Tags of a created role; its `environment` tag is what the ABAC conditions compare. */
  readonly tags: Readonly<Record<string, string>>;
}

export interface ConsumerGrants {
  readonly environment: string;
  readonly region: string;
  readonly secretArn: (credentialId: string) => string;
  readonly cloudRoleArn: (credentialId: string) => string;
  readonly secretsKeyArn: string;
}

/**
 * An aws-iam or jwt consumer's role: created (roleName, or a derived name for jwt consumers,
 * trusting a service, an account or its OIDC subject and audience), or an existing role (roleArn)
 * that is only granted. Grants are attached with `grant`, once the secrets and cloud roles exist.
 */
export class ConsumerRole extends Construct {
  /** Created roles only. */
  readonly role?: IamRole;
  readonly roleArn: string;
  readonly roleName: string;
  private readonly plan: AwsConsumerRolePlan;

  constructor(scope: Construct, id: string, props: ConsumerRoleProps) {
    super(scope, id);
    this.plan = props.role;
    if (props.role.kind === "existing") {
      this.roleArn = props.role.roleArn!;
      this.roleName = props.role.roleName;
      return;
    }
    this.role = new IamRole(this, "role", {
      name: props.role.roleName,
      path: props.iamPath,
      description: props.role.description.slice(0, 1000),
      assumeRolePolicy: policyJson(trustPolicy({ partition: props.partition, trusts: [props.role.trust!] })),
      maxSessionDuration: 3600,
      tags: { ...props.tags, consumer: props.role.consumerId },
    });
    this.roleArn = this.role.arn;
    this.roleName = props.role.roleName;
  }

  /** Attaches the consumer's identity policy: exactly its secrets, decrypt via Secrets Manager, its cloud roles. */
  grant(grants: ConsumerGrants): IamRolePolicy | undefined {
    const { reads, writesBack, assumes } = this.plan;
    if (reads.length + writesBack.length + assumes.length === 0) return undefined;
    return new IamRolePolicy(this, "policy", {
      name: this.plan.policyName,
      role: this.role ? this.role.id : this.roleName,
      policy: policyJson(
        consumerPolicy({
          environment: grants.environment,
          region: grants.region,
          reads,
          writesBack,
          assumes,
          secretArn: grants.secretArn,
          cloudRoleArn: grants.cloudRoleArn,
          secretsKeyArn: grants.secretsKeyArn,
          abac: this.plan.kind === "created" ? "principal-tag" : "environment",
        }),
      ),
    });
  }
}

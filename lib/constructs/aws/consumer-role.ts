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
 * An aws-iam or jwt consumer's role: created (`<roleName>-<environment>`, or a derived name for jwt
 * consumers), or an existing role (roleArn) that is only granted. Grants are attached with `grant`,
 * once the secrets and cloud roles exist. An aws-iam consumer with `roleName` that reads only Vault
 * credentials gets its created role too (with no identity policy): Vault's AWS auth binds it.
 *
 * Who may assume a created role (its trust, resolved in the plan):
 * - `trustedService`: that service principal;
 * - `trustedAccount`: that (third-party) account, which decides which of its principals;
 * - jwt: the OIDC provider, for the exact `sub` and `aud`;
 * - neither: the environment's own account, but only its principals tagged
 *   `etl-consumer = <consumer id>` AND `environment = <environment>` (`aws:PrincipalTag/...`). The
 *   account root alone would let every role and user of the account assume it: another
 *   connector's consumer, or a principal of another environment sharing the account. Tag the job's
 *   own role (or user) with both tags; only whoever may tag IAM principals can widen this, and
 *   the library's own roles never carry `etl-consumer`.
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

import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { awsNames } from "../../plan/names";
import { auditorTrustPolicy } from "../../policy/aws/auditor-policy";
import { drillRolePolicy } from "../../policy/aws/drill-policy";
import { policyJson } from "./terraform-text";

export interface DrillRoleProps {
  readonly organization: string;
  readonly environment: string;
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  readonly iamPath: string;
  readonly secretsKeyArn: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The environment's drill role (`<org>-<env>.drill`, `etl-secrets runbook --drill`): rotates, reads
 * and describes the environment's drillable secrets (granted by their resource policies, which
 * AwsEnvironment writes), decrypting through Secrets Manager only.
 * Created only where the tier allows a drill identity (never production). Trusted by the account,
 * like the library's other roles.
 */
export class DrillRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: DrillRoleProps) {
    super(scope, id);
    const name = awsNames.drillRole(props.organization, props.environment);
    this.role = new IamRole(this, "role", {
      name,
      path: props.iamPath,
      description: `Drills of ${props.environment} (etl-secrets runbook --drill): rotate and check the environment's rotated secrets; non-production only`,
      assumeRolePolicy: policyJson(auditorTrustPolicy({ partition: props.partition, accountId: props.accountId })),
      tags: { ...props.tags, drill: "true" },
    });
    new IamRolePolicy(this, "policy", {
      name,
      role: this.role.id,
      policy: policyJson(drillRolePolicy({ region: props.region, secretsKeyArn: props.secretsKeyArn })),
    });
  }
}

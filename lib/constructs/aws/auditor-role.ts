import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { awsNames } from "../../plan/names";
import { auditorRolePolicy, auditorTrustPolicy } from "../../policy/aws/auditor-policy";
import { policyJson } from "./terraform-text";

export interface AuditorRoleProps {
  readonly organization: string;
  readonly environment: string;
  readonly partition: string;
  readonly accountId: string;
  readonly iamPath: string;
  readonly secretArnPrefix: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The cluster's shipped Vault audit log: read directly (same account) or through the audit stack's reader role. */
  readonly auditLog?: { readonly logGroupArn: string; readonly readerRoleArn?: string };
}

/**
 * The environment's auditor role (`<org>-<env>.auditor`, used by `etl-secrets audit`): lists and
 * describes the environment's secrets and lists roles; GetSecretValue and kms:Decrypt are denied
 * outright. Trusted by the account, like the library's other roles: the account's IAM policies
 * decide who may assume it.
 */
export class AuditorRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: AuditorRoleProps) {
    super(scope, id);
    const name = awsNames.auditorRole(props.organization, props.environment);
    this.role = new IamRole(this, "role", {
      name,
      path: props.iamPath,
      description: `Audit of ${props.environment} (etl-secrets audit): secret and role metadata, never a value`,
      assumeRolePolicy: policyJson(auditorTrustPolicy({ partition: props.partition, accountId: props.accountId })),
      tags: { ...props.tags, auditor: "true" },
    });
    new IamRolePolicy(this, "policy", {
      name,
      role: this.role.id,
      policy: policyJson(
        auditorRolePolicy({ secretArnPrefix: props.secretArnPrefix, ...(props.auditLog ? { auditLog: props.auditLog } : {}) }),
      ),
    });
  }
}

import { AwsAuthBackendRole } from "@cdktf/provider-vault/lib/aws-auth-backend-role";
import { Construct } from "constructs";
import { planReminders } from "../../plan/reminder-plan";
import type { EnvironmentPlan } from "../../plan/types";
import { remindersPolicyDocument } from "../../policy/vault/reminders-policy";
import type { AuthBackends } from "./auth-backends";
import { VaultPolicy } from "./vault-policy";
import { environmentPath, failAtSynth } from "../construct-errors";

export interface RemindersLoginProps {
  readonly plan: EnvironmentPlan;
  /** The environment's auth backends; they mount AWS auth when the plan has a checker reading Vault. */
  readonly auth: AuthBackends;
  /** Token lifetime: one run reads one metadata path per reminder credential. @default 300 */
  readonly tokenTtlSeconds?: number;
}

/**
 * How the reminder checker logs in to Vault: an AWS auth role `<env>-reminders` (auth_type iam)
 * bound to the checker's execution role (without its IAM path, as vault-broker-login.ts), whose
 * tokens carry only the `<env>-reminders` policy (read on each reminder credential's exact KV
 * metadata path). Nothing is created when the checker reads nothing in Vault.
 */
export class RemindersLogin extends Construct {
  readonly policy?: VaultPolicy;
  readonly role?: AwsAuthBackendRole;

  constructor(scope: Construct, id: string, props: RemindersLoginProps) {
    super(scope, id);
    const reminders = planReminders(props.plan);
    const document = remindersPolicyDocument(props.plan);
    if (!reminders?.vault || !document) return;
    const mount = props.auth.awsIam;
    if (!mount) {
      failAtSynth(this, [
        { specPath: environmentPath(props.plan.name, "vault"), message: "the reminder checker's login needs the AWS auth backend" },
      ]);
      return;
    }
    this.policy = new VaultPolicy(this, "policy", { document });
    const ttl = props.tokenTtlSeconds ?? 300;
    this.role = new AwsAuthBackendRole(this, "role", {
      backend: mount.path,
      role: reminders.vault.authRole,
      authType: "iam",
      boundIamPrincipalArns: [reminders.roleArn],
      resolveAwsUniqueIds: true,
      tokenPolicies: [this.policy.policy.name],
      tokenTtl: ttl,
      tokenMaxTtl: ttl,
      dependsOn: [mount.ready],
    });
  }
}

import { AwsAuthBackendRole } from "@cdktf/provider-vault/lib/aws-auth-backend-role";
import { Construct } from "constructs";
import type { EnvironmentPlan } from "../../plan/types";
import { planVaultStaticWatch } from "../../plan/vault-static-watch";
import { rotationWatchPolicyDocument } from "../../policy/vault/rotation-watch-policy";
import type { AuthBackends } from "./auth-backends";
import { VaultPolicy } from "./vault-policy";
import { environmentPath, failAtSynth } from "../construct-errors";

export interface RotationWatchLoginProps {
  readonly plan: EnvironmentPlan;
  /** The environment's auth backends; they mount AWS auth when the plan has a watcher. */
  readonly auth: AuthBackends;
  /** Token lifetime: one run reads one path per static role. @default 300 */
  readonly tokenTtlSeconds?: number;
}

/**
 * How the static-role watcher logs in to Vault: an AWS auth role (auth_type iam) bound to the
 * watcher's execution role (without its IAM path, as vault-broker-login.ts), whose tokens carry only
 * the `<env>-rotation-watch` policy. Nothing is created when the environment has no watcher.
 */
export class RotationWatchLogin extends Construct {
  readonly policy?: VaultPolicy;
  readonly role?: AwsAuthBackendRole;

  constructor(scope: Construct, id: string, props: RotationWatchLoginProps) {
    super(scope, id);
    const watch = planVaultStaticWatch(props.plan);
    const document = rotationWatchPolicyDocument(props.plan);
    if (!watch || !document) return;
    const mount = props.auth.awsIam;
    if (!mount) {
      failAtSynth(this, [
        { specPath: environmentPath(props.plan.name, "vault"), message: "the static-role watcher's login needs the AWS auth backend" },
      ]);
      return;
    }
    this.policy = new VaultPolicy(this, "policy", { document });
    const ttl = props.tokenTtlSeconds ?? 300;
    this.role = new AwsAuthBackendRole(this, "role", {
      backend: mount.path,
      role: watch.authRole,
      authType: "iam",
      boundIamPrincipalArns: [watch.roleArn],
      resolveAwsUniqueIds: true,
      tokenPolicies: [this.policy.policy.name],
      tokenTtl: ttl,
      tokenMaxTtl: ttl,
      dependsOn: [mount.ready],
    });
  }
}

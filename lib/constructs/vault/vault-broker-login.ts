import { AwsAuthBackendRole } from "@cdktf/provider-vault/lib/aws-auth-backend-role";
import { Construct } from "constructs";
import type { EnvironmentPlan } from "../../plan/types";
import type { AuthBackends } from "./auth-backends";
import type { VaultPolicy } from "./vault-policy";
import { environmentPath, failAtSynth } from "../construct-errors";

export interface VaultBrokerLoginProps {
  readonly plan: EnvironmentPlan;
  /** The environment's auth backends; they mount AWS auth when the plan rotates Vault-stored broker credentials. */
  readonly auth: AuthBackends;
  /** The `<env>-rotation` policy (exactly the rotated credentials' data and metadata paths). */
  readonly policy?: VaultPolicy;
  /**
   * Token lifetime: one scheduled run reads and writes a few paths per credential.
   * @default 900
   */
  readonly tokenTtlSeconds?: number;
}

/**
 * How the key-broker rotation function logs in to Vault: an AWS auth role (auth_type iam) bound to
 * the function's execution role, whose tokens carry only the `<env>-rotation` policy. Bound without
 * the IAM path: Vault compares the caller's canonical ARN, which carries none (as service-account.ts).
 * Nothing is created when the environment has no Vault-stored broker credential to rotate.
 */
export class VaultBrokerLogin extends Construct {
  readonly role?: AwsAuthBackendRole;

  constructor(scope: Construct, id: string, props: VaultBrokerLoginProps) {
    super(scope, id);
    const rotation = props.plan.aws?.vaultBrokerRotation;
    if (!rotation) return;
    const mount = props.auth.awsIam;
    if (!mount || !props.policy) {
      failAtSynth(this, [
        {
          specPath: environmentPath(props.plan.name, "vault"),
          message: `the key-broker rotation login needs the AWS auth backend and the ${rotation.policyName} policy`,
        },
      ]);
      return;
    }
    const ttl = props.tokenTtlSeconds ?? 900;
    this.role = new AwsAuthBackendRole(this, "role", {
      backend: mount.path,
      role: rotation.authRole,
      authType: "iam",
      boundIamPrincipalArns: [rotation.roleArn],
      resolveAwsUniqueIds: true,
      tokenPolicies: [props.policy.policy.name],
      tokenTtl: ttl,
      tokenMaxTtl: ttl,
      dependsOn: [mount.ready],
    });
  }
}

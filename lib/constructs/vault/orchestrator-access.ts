import { ApproleAuthBackendRole } from "@cdktf/provider-vault/lib/approle-auth-backend-role";
import { AwsAuthBackendRole } from "@cdktf/provider-vault/lib/aws-auth-backend-role";
import { JwtAuthBackendRole } from "@cdktf/provider-vault/lib/jwt-auth-backend-role";
import { KubernetesAuthBackendRole } from "@cdktf/provider-vault/lib/kubernetes-auth-backend-role";
import { Construct } from "constructs";
import { awsNames, vaultObjectNames } from "../../plan/names";
import type { OrchestratorPlan } from "../../plan/orchestrator-plan";
import type { EnvironmentPlan } from "../../plan/types";
import { orchestratorPolicyDocument } from "../../policy/vault/orchestrator-policy";
import type { AuthBackends, AuthMount } from "./auth-backends";
import { VaultPolicy } from "./vault-policy";
import { failAtSynth } from "../construct-errors";

export interface OrchestratorAccessProps {
  readonly plan: EnvironmentPlan;
  readonly orchestrator: OrchestratorPlan;
  readonly auth: AuthBackends;
}

/**
 * A trusted orchestrator in one environment: its policy (mint wrapped, single-use secret ids for
 * the consumers it lists, read their role ids; lib/policy/vault/orchestrator-policy.ts) and its own
 * auth role, bound like a consumer's (CIDRs and single-use secret ids for AppRole, exact claims for
 * JWT, service account and namespace for Kubernetes, the IAM role for AWS). Child ids are fixed
 * (`policy`, and the method's name), under the construct `orchestrator-<id>`.
 */
export class OrchestratorAccess extends Construct {
  readonly policy: VaultPolicy;

  // long-function: declares the orchestrator's policy and its auth role, one branch per login method (approle, kubernetes, jwt, aws-iam), sharing the token settings and the failure report
  constructor(scope: Construct, id: string, props: OrchestratorAccessProps) {
    super(scope, id);
    const { plan, orchestrator, auth } = props;
    this.policy = new VaultPolicy(this, "policy", { document: orchestratorPolicyDocument(plan, orchestrator) });
    const token = {
      tokenPolicies: [this.policy.policy.name],
      tokenTtl: orchestrator.tokenTtlSeconds,
      tokenMaxTtl: orchestrator.tokenMaxTtlSeconds,
    };
    const roleName = orchestrator.authRole;
    const fail = (message: string) =>
      failAtSynth(this, [{ specPath: ["orchestrators", orchestrator.id, "auth"], message: `${message} in ${plan.name}` }]);
    const needs = (mount: AuthMount | undefined, then: (mount: AuthMount) => void) =>
      mount ? then(mount) : fail(`no ${orchestrator.auth.method} auth backend`);
    const a = orchestrator.auth;
    switch (a.method) {
      case "approle":
        needs(auth.approle, (mount) => {
          const limits = orchestrator.approle!;
          const cidrs = limits.cidrs.length > 0 ? [...limits.cidrs] : undefined;
          new ApproleAuthBackendRole(this, "approle", {
            backend: mount.path,
            roleName,
            bindSecretId: true,
            secretIdTtl: limits.secretIdTtlSeconds,
            secretIdNumUses: limits.secretIdUses,
            secretIdBoundCidrs: cidrs,
            tokenBoundCidrs: cidrs,
            ...token,
            dependsOn: [mount.ready],
          });
        });
        break;
      case "jwt":
        needs(auth.jwt.get(a.issuer), (mount) => {
          new JwtAuthBackendRole(this, "jwt", {
            backend: mount.path,
            roleName,
            roleType: "jwt",
            userClaim: "sub",
            boundSubject: a.subject,
            boundAudiences: typeof a.audience === "string" ? [a.audience] : [...a.audience].sort(),
            ...token,
            dependsOn: [mount.ready],
          });
        });
        break;
      case "kubernetes":
        needs(auth.kubernetes.get(a.cluster ?? "default"), (mount) => {
          new KubernetesAuthBackendRole(this, "kubernetes", {
            backend: mount.path,
            roleName,
            boundServiceAccountNames: [a.serviceAccount],
            boundServiceAccountNamespaces: [a.namespace],
            ...token,
            dependsOn: [mount.ready],
          });
        });
        break;
      case "aws-iam": {
        const arn =
          a.roleArn ??
          (a.roleName && plan.aws
            ? vaultObjectNames.iamRoleArn(plan.aws.accountId, awsNames.specNamedRole(a.roleName, plan.name))
            : undefined);
        if (!arn) {
          fail(
            `names no role Vault can bind: give auth.roleArn (an existing role), or auth.roleName with aws settings (accountId) on environment ${plan.name}`,
          );
          break;
        }
        needs(auth.awsIam, (mount) => {
          new AwsAuthBackendRole(this, "aws-iam", {
            backend: mount.path,
            role: roleName,
            authType: "iam",
            boundIamPrincipalArns: [arn],
            resolveAwsUniqueIds: true,
            ...token,
            dependsOn: [mount.ready],
          });
        });
        break;
      }
    }
  }
}

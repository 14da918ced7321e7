import { ApproleAuthBackendRole } from "@cdktf/provider-vault/lib/approle-auth-backend-role";
import { AwsAuthBackendRole } from "@cdktf/provider-vault/lib/aws-auth-backend-role";
import { JwtAuthBackendRole } from "@cdktf/provider-vault/lib/jwt-auth-backend-role";
import { KubernetesAuthBackendRole } from "@cdktf/provider-vault/lib/kubernetes-auth-backend-role";
import { Construct } from "constructs";
import { awsNames, vaultNames, vaultObjectNames } from "../../plan/names";
import type { EnvironmentPlan, ServiceAccountPlan } from "../../plan/types";
import { consumerPolicyDocument } from "../../policy/vault/consumer-policy";
import type { AuthBackends, AuthMount } from "./auth-backends";
import { VaultPolicy } from "./vault-policy";

export interface ServiceAccountProps {
  readonly plan: EnvironmentPlan;
  readonly account: ServiceAccountPlan;
  readonly auth: AuthBackends;
}

/**
 * One machine consumer: its policy (exact paths of its own credentials) and the auth role bound to
 * it. Token TTLs come from the class table; machines never wait for approvals, so they get short
 * TTLs and bindings instead (CIDRs and single-use secret ids for AppRole, exact claims for JWT,
 * service account and namespace for Kubernetes, the IAM role ARN for AWS).
 */
/** The auth role a service account logs in with, as tokens of the synthesized role. */
export interface ServiceAccountAuthRole {
  readonly method: "approle" | "jwt" | "kubernetes" | "aws-iam";
  /** The auth mount path (the role's `backend`). */
  readonly mount: string;
  readonly roleName: string;
}

/** The token fields every auth role of a service account carries. */
interface RoleToken {
  readonly tokenPolicies: string[];
  readonly tokenTtl: number;
  readonly tokenMaxTtl: number;
}

export class ServiceAccount extends Construct {
  readonly policy: VaultPolicy;
  /** Undefined only when the role could not be created (a validation error says why). */
  readonly authRole?: ServiceAccountAuthRole;

  constructor(scope: Construct, id: string, props: ServiceAccountProps) {
    super(scope, id);
    const { plan, account, auth } = props;
    this.policy = new VaultPolicy(this, "policy", { document: consumerPolicyDocument(plan, account) });
    const token: RoleToken = {
      tokenPolicies: [this.policy.policy.name],
      tokenTtl: account.tokenTtlSeconds,
      tokenMaxTtl: account.tokenMaxTtlSeconds,
    };
    this.authRole = this.addAuthRole(plan, account, auth, token);
  }

  /** The auth role of the account's login method, on the mount of that method. */
  private addAuthRole(
    plan: EnvironmentPlan,
    account: ServiceAccountPlan,
    auth: AuthBackends,
    token: RoleToken,
  ): ServiceAccountAuthRole | undefined {
    const roleName = vaultNames.authRole(account.id);
    const needs = (mount: AuthMount | undefined): AuthMount => {
      if (!mount) throw new Error(`no ${account.auth.method} auth backend for service account ${account.id}`);
      return mount;
    };
    const a = account.auth;
    switch (a.method) {
      case "approle":
        return this.addApproleRole(needs(auth.approle), account, roleName, token);
      case "jwt": {
        const mount = needs(auth.jwt.get(a.issuer));
        const role = new JwtAuthBackendRole(this, "jwt", {
          backend: mount.path,
          roleName,
          roleType: "jwt",
          userClaim: "sub",
          boundSubject: a.subject,
          boundAudiences: typeof a.audience === "string" ? [a.audience] : [...a.audience].sort(),
          ...token,
          dependsOn: [mount.ready],
        });
        return { method: "jwt", mount: role.backend, roleName: role.roleName };
      }
      case "kubernetes": {
        const mount = needs(auth.kubernetes.get(a.cluster ?? "default"));
        const role = new KubernetesAuthBackendRole(this, "kubernetes", {
          backend: mount.path,
          roleName,
          boundServiceAccountNames: [a.serviceAccount],
          boundServiceAccountNamespaces: [a.namespace],
          ...token,
          dependsOn: [mount.ready],
        });
        return { method: "kubernetes", mount: role.backend, roleName: role.roleName };
      }
      case "aws-iam": {
        const mount = needs(auth.awsIam);
        // The role the AWS side creates for this consumer (`<roleName>-<environment>`). Bound without its
        // IAM path: Vault compares the caller's canonical ARN, which carries none.
        const arn =
          a.roleArn ??
          (a.roleName && plan.aws
            ? vaultObjectNames.iamRoleArn(plan.aws.accountId, awsNames.specNamedRole(a.roleName, plan.name))
            : undefined);
        // Validation refuses an aws-iam consumer of Vault without a role to bind (aws-iam-needs-role).
        if (!arn) return undefined;
        const role = new AwsAuthBackendRole(this, "aws-iam", {
          backend: mount.path,
          role: roleName,
          authType: "iam",
          boundIamPrincipalArns: [arn],
          resolveAwsUniqueIds: true,
          ...token,
          dependsOn: [mount.ready],
        });
        return { method: "aws-iam", mount: role.backend, roleName: role.role };
      }
    }
  }

  /** An AppRole role: single-use secret ids with a short TTL, bound to the account's CIDRs when it declares any. */
  private addApproleRole(mount: AuthMount, account: ServiceAccountPlan, roleName: string, token: RoleToken): ServiceAccountAuthRole {
    const limits = account.approle!;
    const cidrs = limits.cidrs.length > 0 ? [...limits.cidrs] : undefined;
    const role = new ApproleAuthBackendRole(this, "approle", {
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
    return { method: "approle", mount: role.backend, roleName: role.roleName };
  }
}

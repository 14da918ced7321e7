/*
 * Cloud roles (cloud-role credentials): each trusts its consumers (a consumer's role when it has
 * one, else its account or identity), in the order of the consumers; who is granted each
 * credential is indexed once (when synth first reads a trust), not searched per role.
 */
import { byText, sortBy } from "../compare";
import { awsNames } from "../names";
import type { AwsCloudRolePlan, AwsTrustPlan } from "../aws-types";
import type { CredentialPlan } from "../types";
import type { AwsAccountGrants, AwsPlanContext } from "./context";
import { CONSUMER_PRINCIPAL_TAG } from "./consumer-roles";
import { once, sorted } from "./lazy";
import { oidcTrust, trustKey } from "./trusts";

type CloudRoleSpec = Extract<CredentialPlan["credential"], { type: "cloud-role" }>;

export function planCloudRoles(context: AwsPlanContext, hasRole: ReadonlySet<string>): AwsCloudRolePlan[] {
  const { organization, env } = context;
  const grantedIndex = once(() => {
    const granted = new Map<string, AwsAccountGrants[]>();
    for (const entry of context.awsAccounts) {
      for (const grant of entry.grants) {
        const list = granted.get(grant.credentialId);
        if (!list) granted.set(grant.credentialId, [entry]);
        else if (list[list.length - 1] !== entry) list.push(entry);
      }
    }
    return granted;
  });
  const cloudRoleTrusts = (plan: CredentialPlan, credential: CloudRoleSpec): AwsTrustPlan[] => {
    const trusts = new Map<string, AwsTrustPlan>();
    const add = (trust: AwsTrustPlan) => trusts.set(trustKey(trust), trust);
    if (credential.trustedAccount) add({ kind: "account", accountId: credential.trustedAccount, externalId: credential.externalId });
    for (const { account } of grantedIndex().get(plan.id) ?? []) {
      const auth = account.auth;
      if (hasRole.has(account.id)) add({ kind: "consumer-role", consumerId: account.id });
      else if (auth.method === "jwt") add(oidcTrust(context.partition, context.accountId, auth));
      else if (auth.method === "aws-iam" && auth.trustedService) add({ kind: "service", service: auth.trustedService });
      else if (auth.method === "aws-iam" && auth.trustedAccount)
        add({ kind: "account", accountId: auth.trustedAccount, externalId: auth.externalId ?? credential.externalId });
      else if (auth.method === "aws-iam")
        add({
          kind: "account",
          accountId: context.accountId,
          externalId: credential.externalId,
          principalTags: { [CONSUMER_PRINCIPAL_TAG]: account.id, environment: env },
        });
    }
    return sortBy([...trusts.values()], trustKey);
  };

  return context.awsCredentials
    .filter((plan) => plan.credential.type === "cloud-role")
    .map((plan) => {
      const credential = plan.credential as CloudRoleSpec;
      const trusts = once(() => cloudRoleTrusts(plan, credential));
      const allow = once(() =>
        Object.fromEntries(
          Object.keys(credential.allow)
            .sort(byText)
            .map((action) => [action, sorted(credential.allow[action])]),
        ),
      );
      return {
        credentialId: plan.id,
        connectorId: plan.connectorId,
        roleName: credential.roleName
          ? awsNames.specNamedRole(credential.roleName, env)
          : awsNames.cloudRole(organization, env, plan.connectorId, plan.name),
        policyName: awsNames.cloudRole(organization, env, plan.connectorId, `${plan.name}-allow`),
        description: plan.register.purpose,
        get trusts() {
          return trusts();
        },
        get allow() {
          return allow();
        },
        get tags() {
          return plan.aws!.tags;
        },
        preventDestroy: context.production,
      };
    });
}

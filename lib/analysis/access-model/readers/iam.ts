/*
 * IAM: managed policies (aws_iam_policy) by ARN, roles (aws_iam_role, with their trust policy,
 * inline and managed policies) and every resource that attaches a policy to a role.
 */
import type { IamPolicy } from "../../iam/policy-document";
import { awsContextOf } from "../references";
import type { RoleTrust } from "../types";
import { iamPolicyOf, reportAt, type ReadContext, type Resolved } from "./context";
import { IamRoleRegistry } from "./iam-role-registry";
import { isObject, str, strings, tagsOf } from "./values";

export function readManagedPolicies(context: ReadContext): Map<string, IamPolicy> {
  const managed = new Map<string, IamPolicy>();
  for (const r of context.ofType("aws_iam_policy")) {
    const arn = context.resolver.attribute(r.stack, r.resource, "arn");
    const policy = iamPolicyOf(context, r, `${r.resource.address} (${str(r.config.name) ?? "?"})`, r.config.policy);
    if (arn && policy) managed.set(arn, policy);
  }
  return managed;
}

/** aws_iam_role: each role with its tags, inline and managed policies; its trust into `trusts`. */
export function readIamRoles(context: ReadContext, roles: IamRoleRegistry, trusts: RoleTrust[]): void {
  for (const r of context.ofType("aws_iam_role")) {
    const name = str(r.config.name);
    const aws = awsContextOf(r.stack, r.resource);
    if (!name) {
      reportAt(context, r, "error", "aws_iam_role without a literal name cannot be evaluated");
      continue;
    }
    if (r.config.assume_role_policy !== undefined) trusts.push(trustOf(context, r, name, aws.accountId));
    const arn = context.resolver.attribute(r.stack, r.resource, "arn");
    const role = roles.ensure(aws.accountId, aws.partition, name, r, arn, { ...aws.defaultTags, ...tagsOf(r.config.tags) });
    const blocks = Array.isArray(r.config.inline_policy)
      ? r.config.inline_policy
      : isObject(r.config.inline_policy)
        ? [r.config.inline_policy]
        : [];
    for (const block of blocks.filter(isObject)) {
      if (block.policy !== undefined) roles.attach(role, iamPolicyOf(context, r, `${name}/${str(block.name) ?? "inline"}`, block.policy));
    }
    for (const arnOfPolicy of strings(r.config.managed_policy_arns)) roles.attachManaged(r, role, arnOfPolicy);
  }
}

/** Who may assume a role: the accounts its trust policy allows, and whether an external id is required. */
function trustOf(context: ReadContext, r: Resolved, name: string, accountId: string): RoleTrust {
  const trust = iamPolicyOf(context, r, `trust policy of ${name}`, r.config.assume_role_policy);
  const trusted: { account: string; externalId: boolean }[] = [];
  for (const statement of trust?.statements ?? []) {
    if (statement.effect !== "Allow") continue;
    const externalId = statement.conditions.some((c) => c.key.toLowerCase() === "sts:externalid");
    if (statement.principals?.everyone) trusted.push({ account: "*", externalId });
    for (const principal of statement.principals?.aws ?? []) {
      const account = /^\d{12}$/.test(principal) ? principal : /^arn:[^:]+:(?:iam|sts)::(\d{12}|\*):/.exec(principal)?.[1];
      if (account) trusted.push({ account, externalId });
    }
  }
  const environment = context.envByStack.get(r.stack.name);
  return {
    stack: r.stack.name,
    address: r.resource.address,
    roleName: name,
    accountId,
    ...(environment ? { environment: environment.name } : {}),
    trusted,
  };
}

/** Policies attached to roles by separate resources: inline role policies and the three attachment kinds. */
export function readRolePolicyAttachments(context: ReadContext, roles: IamRoleRegistry): void {
  for (const r of context.ofType("aws_iam_role_policy")) {
    const role = roles.fromArgument(r, "role");
    if (role) roles.attach(role, iamPolicyOf(context, r, `${role.roleName}/${str(r.config.name) ?? r.resource.name}`, r.config.policy));
  }
  for (const r of context.ofType("aws_iam_role_policy_attachment")) {
    const role = roles.fromArgument(r, "role");
    const arn = str(r.config.policy_arn);
    if (role && arn) roles.attachManaged(r, role, arn);
  }
  for (const r of context.ofType("aws_iam_role_policy_attachments_exclusive")) {
    const role = roles.fromArgument(r, "role_name");
    if (role) for (const arn of strings(r.config.policy_arns)) roles.attachManaged(r, role, arn);
  }
  for (const r of context.ofType("aws_iam_policy_attachment")) {
    const arn = str(r.config.policy_arn);
    for (const name of strings(r.config.roles)) {
      const aws = awsContextOf(r.stack, r.resource);
      if (arn) roles.attachManaged(r, roles.ensure(aws.accountId, aws.partition, name), arn);
    }
    if (strings(r.config.users).length > 0 || strings(r.config.groups).length > 0) {
      reportAt(context, r, "error", "attachment to IAM users or groups is not modelled");
    }
  }
}

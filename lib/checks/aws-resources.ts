/*
 * Helpers for the AWS rules: read resources and IAM policy documents back from the synthesized
 * JSON. Pure, never throw: a policy that is not JSON text is reported as unreadable by the caller.
 */
import type { SynthResource, SynthStack } from "./types";

export function resourcesOf(stack: SynthStack, type: string): SynthResource[] {
  return stack.resources.filter((resource) => resource.type === type);
}

/** A value that is a list in one place and a scalar in another, as a list. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A Terraform block that cdktf may write as an object or a one-element list. */
export function block(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first && typeof first === "object" ? (first as Record<string, unknown>) : undefined;
}

export interface StatementView {
  readonly sid?: string;
  readonly effect: string;
  readonly principal: unknown;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly hasCondition: boolean;
}

/**
 * A policy document from its text: Terraform's `$${` escapes become IAM's `${`; references
 * (`${aws_x.y.arn}`) stay as they are, which is enough to see wildcards and principals.
 */
export function readPolicy(text: unknown): StatementView[] | undefined {
  if (typeof text !== "string") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/\$\$\{/g, "${"));
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== "object") return undefined;
  const statements = asList((parsed as { Statement?: unknown }).Statement);
  return statements.flatMap((raw) => {
    if (!raw || typeof raw !== "object") return [];
    const s = raw as Record<string, unknown>;
    return [
      {
        sid: typeof s.Sid === "string" ? s.Sid : undefined,
        effect: String(s.Effect),
        principal: s.Principal,
        actions: asList(s.Action).map(String),
        resources: asList(s.Resource).map(String),
        hasCondition: !!s.Condition && typeof s.Condition === "object" && Object.keys(s.Condition as object).length > 0,
      },
    ];
  });
}

/** Resource types whose `policy` is an identity policy. */
export const IDENTITY_POLICY_TYPES = ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_user_policy", "aws_iam_group_policy"] as const;

export interface IdentityPolicy {
  readonly resource: SynthResource;
  /** undefined when the text is not a readable policy. */
  readonly statements?: readonly StatementView[];
}

/** Every identity policy of a stack, inline `aws_iam_role.inline_policy` included. */
export function identityPolicies(stack: SynthStack): IdentityPolicy[] {
  const policies: IdentityPolicy[] = [];
  for (const resource of stack.resources) {
    if ((IDENTITY_POLICY_TYPES as readonly string[]).includes(resource.type)) {
      policies.push({ resource, statements: readPolicy(resource.config.policy) });
    } else if (resource.type === "aws_iam_role") {
      for (const inline of asList(resource.config.inline_policy)) {
        const policy = (inline as { policy?: unknown } | undefined)?.policy;
        if (policy !== undefined) policies.push({ resource, statements: readPolicy(policy) });
      }
    }
  }
  return policies;
}

/** Every action an identity policy allows on Resource "*", with the statement that allows it. */
export function actionsOnEveryResource(stack: SynthStack): { resource: SynthResource; sid: string; action: string }[] {
  return identityPolicies(stack).flatMap(({ resource, statements }) =>
    (statements ?? [])
      .filter((s) => s.effect === "Allow" && s.resources.includes("*"))
      .flatMap((s) => s.actions.map((action) => ({ resource, sid: s.sid ?? "(no Sid)", action }))),
  );
}

/** Whether a resource's tags carry a key (rules read exemptions from tags). */
export function tagOf(resource: SynthResource, key: string): string | undefined {
  const tags = resource.config.tags as Record<string, unknown> | undefined;
  const value = tags?.[key];
  return typeof value === "string" ? value : undefined;
}

/** `${aws_secretsmanager_secret.<name>.` appears in the text: the value references that resource. */
export function references(value: unknown, type: string, name: string): boolean {
  return typeof value === "string" && value.includes(`\${${type}.${name}.`);
}

/** Whether a principal element is everyone: `"*"` or `{"AWS": "*"}` (alone or in a list). */
export function isWildcardPrincipal(principal: unknown): boolean {
  if (principal === "*") return true;
  if (!principal || typeof principal !== "object") return false;
  return asList((principal as Record<string, unknown>).AWS).some((p) => p === "*");
}

/*
 * Trust policies: who may assume a role. Services, accounts (with an external id for a third
 * party; the environment's own account only for principals tagged for the consumer), OIDC identities bound to their exact subject and audience, consumers' roles, and the
 * break-glass trust that requires MFA.
 */
import type { AwsTrustPlan } from "../../plan/aws-types";
import { accountRoot, policyDocument, type PolicyDocument, type PolicyStatement } from "./policy-document";

export interface TrustPolicyInput {
  readonly partition: string;
  /** Sorted trusts (the plan sorts them). */
  readonly trusts: readonly AwsTrustPlan[];
  /** ARN of a consumer's role in the same environment (a reference for created roles). */
  readonly consumerRoleArn?: (consumerId: string) => string;
}

export function trustPolicy(input: TrustPolicyInput): PolicyDocument {
  const statements: PolicyStatement[] = [];
  const services = input.trusts.flatMap((t) => (t.kind === "service" ? [t.service] : []));
  if (services.length > 0) {
    statements.push({ Sid: "TrustServices", Effect: "Allow", Principal: { Service: services }, Action: ["sts:AssumeRole"] });
  }
  const plainAccounts = input.trusts.flatMap((t) =>
    t.kind === "account" && !t.externalId && !t.principalTags ? [accountRoot(input.partition, t.accountId)] : [],
  );
  if (plainAccounts.length > 0) {
    statements.push({ Sid: "TrustAccounts", Effect: "Allow", Principal: { AWS: plainAccounts }, Action: ["sts:AssumeRole"] });
  }
  input.trusts
    .flatMap((t) => (t.kind === "account" && t.externalId ? [t] : []))
    .forEach((t, index) => {
      statements.push({
        Sid: `TrustAccountWithExternalId${index + 1}`,
        Effect: "Allow",
        Principal: { AWS: accountRoot(input.partition, t.accountId) },
        Action: ["sts:AssumeRole"],
        Condition: { StringEquals: { "sts:ExternalId": t.externalId!, ...principalTagConditions(t.principalTags) } },
      });
    });
  // The account names no narrower principal: only its principals tagged for this consumer and
  // environment may assume (see CONSUMER_PRINCIPAL_TAG in lib/plan/aws/consumer-roles.ts).
  input.trusts
    .flatMap((t) => (t.kind === "account" && !t.externalId && t.principalTags ? [t] : []))
    .forEach((t, index) => {
      statements.push({
        Sid: `TrustTaggedPrincipals${index + 1}`,
        Effect: "Allow",
        Principal: { AWS: accountRoot(input.partition, t.accountId) },
        Action: ["sts:AssumeRole"],
        Condition: { StringEquals: principalTagConditions(t.principalTags) },
      });
    });
  input.trusts
    .flatMap((t) => (t.kind === "oidc" ? [t] : []))
    .forEach((t, index) => {
      statements.push({
        Sid: `TrustWebIdentity${index + 1}`,
        Effect: "Allow",
        Principal: { Federated: t.providerArn },
        Action: ["sts:AssumeRoleWithWebIdentity"],
        Condition: {
          StringEquals: { [`${t.providerHost}:aud`]: [...t.audiences], [`${t.providerHost}:sub`]: t.subject },
        },
      });
    });
  const roles = input.trusts.flatMap((t) => (t.kind === "consumer-role" ? [t.consumerId] : []));
  if (roles.length > 0) {
    if (!input.consumerRoleArn) throw new Error("trustPolicy: consumer-role trusts need consumerRoleArn");
    statements.push({
      Sid: "TrustConsumerRoles",
      Effect: "Allow",
      Principal: { AWS: roles.map(input.consumerRoleArn) },
      Action: ["sts:AssumeRole"],
    });
  }
  return policyDocument(statements);
}

function principalTagConditions(tags: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).map(([key, value]) => [`aws:PrincipalTag/${key}`, value]));
}

/** A service principal assumes the role, from this account only when the service reports it. */
export function serviceTrustPolicy(
  service: string,
  condition?: { readonly sourceArn?: string; readonly sourceAccount?: string },
): PolicyDocument {
  const equals: Record<string, string> = {};
  if (condition?.sourceAccount) equals["aws:SourceAccount"] = condition.sourceAccount;
  if (condition?.sourceArn) equals["aws:SourceArn"] = condition.sourceArn;
  return policyDocument([
    {
      Sid: "TrustService",
      Effect: "Allow",
      Principal: { Service: service },
      Action: ["sts:AssumeRole"],
      ...(Object.keys(equals).length > 0 ? { Condition: { StringEquals: equals } } : {}),
    },
  ]);
}

export interface BreakGlassTrustInput {
  readonly partition: string;
  readonly accountId: string;
  readonly mfaMaxAgeSeconds: number;
}

/** People of the account assume the break-glass role only with MFA, signed in recently. */
export function breakGlassTrustPolicy(input: BreakGlassTrustInput): PolicyDocument {
  return policyDocument([
    {
      Sid: "TrustAccountWithMfa",
      Effect: "Allow",
      Principal: { AWS: accountRoot(input.partition, input.accountId) },
      Action: ["sts:AssumeRole"],
      Condition: {
        Bool: { "aws:MultiFactorAuthPresent": "true" },
        NumericLessThan: { "aws:MultiFactorAuthAge": String(input.mfaMaxAgeSeconds) },
      },
    },
  ]);
}

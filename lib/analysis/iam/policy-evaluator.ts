/**
 * Decides one IAM request against the principal's identity policies and the resource's policy
 * (AWS IAM documentation, "Policy evaluation logic" and "Cross-account policy evaluation logic"):
 *
 * 1. An explicit Deny in any applicable statement, in either layer, wins.
 * 2. Same account: an Allow in the identity policies OR a resource policy Allow that names the
 *    principal (or everyone) suffices. A resource policy that only names the account delegates to
 *    IAM and grants nothing by itself.
 * 3. Cross-account: both are needed — an identity Allow AND a resource policy Allow naming the
 *    principal or its account.
 * 4. KMS keys: the key policy must allow, either directly or by naming the caller's account, which
 *    is what lets identity policies count at all; without a key policy nothing is allowed.
 * 5. Service principals (`secretsmanager.amazonaws.com`) are allowed only by a resource policy
 *    that names them.
 * Otherwise: implicit deny. SCPs, RCPs, permission boundaries and session policies are out of scope.
 */
import type { Effect, IamPolicy, IamStatement } from "./policy-document";
import {
  buildRequestContext,
  isServicePrincipal,
  principalAccountId,
  resourceAccountId,
  type IamRequest,
  type RequestContext,
} from "./request-context";
import { actionMatches, conditionsMatch, principalMatches, resourceMatches, type PrincipalMatch } from "./statement-match";

export type IamDecisionKind = "allow" | "explicit-deny" | "implicit-deny";

export type PolicyLayer = "identity" | "resource";

export interface StatementRef {
  readonly layer: PolicyLayer;
  readonly policy: string;
  /** Position in the policy's Statement list, from 0. */
  readonly statement: number;
  readonly sid?: string;
  readonly effect: Effect;
}

export interface IamEvaluationInput {
  readonly request: IamRequest;
  /** Policies attached to the principal (role or user). */
  readonly identityPolicies: readonly IamPolicy[];
  /** The resource's policy (secret resource policy, KMS key policy, ...), if any. */
  readonly resourcePolicy?: IamPolicy;
  /**
   * `buildRequestContext(request)`, when the caller has it already: it does not depend on the
   * action, so one context serves every action on the same principal and resource.
   */
  readonly requestContext?: RequestContext;
}

export interface IamDecision {
  readonly decision: IamDecisionKind;
  /** For explicit-deny, the Deny statements that applied; for allow, the Allow statements that granted. */
  readonly decidingStatements: readonly StatementRef[];
  /** For implicit-deny, the layers whose Allow was missing (either one would do when both are listed for a same-account request). */
  readonly missingAllowFrom?: readonly PolicyLayer[];
  readonly sameAccount: boolean;
  readonly reason: string;
}

interface Applicable {
  readonly ref: StatementRef;
  readonly principal: PrincipalMatch;
}

// long-function: AWS's policy evaluation logic in its documented order (explicit deny, resource policy, identity policy, account boundaries), kept in one piece so it can be read against that documentation
export function evaluateIam(input: IamEvaluationInput): IamDecision {
  const { request } = input;
  const context = input.requestContext ?? buildRequestContext(request);
  const principalAccount = principalAccountId(request.principal);
  const sameAccount = principalAccount !== undefined && principalAccount === resourceAccountId(request.resource);
  const service = isServicePrincipal(request.principal);

  const identity = service ? [] : input.identityPolicies.flatMap((policy) => applicableStatements(policy, "identity", request, context));
  const resource = input.resourcePolicy ? applicableStatements(input.resourcePolicy, "resource", request, context) : [];

  const denies = [...identity, ...resource].filter((applicable) => applicable.ref.effect === "Deny");
  if (denies.length > 0) {
    const refs = denies.map((deny) => deny.ref);
    return {
      decision: "explicit-deny",
      decidingStatements: refs,
      sameAccount,
      reason: `explicitly denied by ${refs.map(describe).join(", ")}`,
    };
  }

  const identityAllows = identity.filter((applicable) => applicable.ref.effect === "Allow").map((applicable) => applicable.ref);
  const resourceAllows = resource.filter((applicable) => applicable.ref.effect === "Allow");
  const directAllows = resourceAllows.filter((applicable) => applicable.principal === "direct").map((applicable) => applicable.ref);
  const accountAllows = resourceAllows.filter((applicable) => applicable.principal === "account").map((applicable) => applicable.ref);

  const allow = (refs: readonly StatementRef[], why: string): IamDecision => ({
    decision: "allow",
    decidingStatements: refs,
    sameAccount,
    reason: `${why}: ${refs.map(describe).join(", ")}`,
  });
  const implicitDeny = (missing: readonly PolicyLayer[], why: string): IamDecision => ({
    decision: "implicit-deny",
    decidingStatements: [],
    missingAllowFrom: missing,
    sameAccount,
    reason: why,
  });

  if (service) {
    if (directAllows.length > 0) return allow(directAllows, "the resource policy allows the service principal");
    return implicitDeny(["resource"], "no resource policy statement allows this service principal");
  }

  if (!sameAccount) {
    const resourceGrant = [...directAllows, ...accountAllows];
    if (identityAllows.length > 0 && resourceGrant.length > 0) {
      return allow([...identityAllows, ...resourceGrant], "cross-account request allowed by both layers");
    }
    const missing: PolicyLayer[] = [
      ...(identityAllows.length === 0 ? (["identity"] as const) : []),
      ...(resourceGrant.length === 0 ? (["resource"] as const) : []),
    ];
    return implicitDeny(missing, `cross-account request needs an Allow in both layers; missing in ${missing.join(" and ")}`);
  }

  if (isKmsKey(request)) {
    if (directAllows.length > 0) return allow(directAllows, "the key policy allows the principal");
    if (identityAllows.length > 0 && accountAllows.length > 0) {
      return allow([...identityAllows, ...accountAllows], "the key policy delegates to the account and an identity policy allows");
    }
    if (identityAllows.length > 0) {
      return implicitDeny(
        ["resource"],
        "an identity policy allows, but the key policy neither allows the principal nor delegates to its account",
      );
    }
    return implicitDeny(
      accountAllows.length > 0 ? ["identity"] : ["identity", "resource"],
      accountAllows.length > 0
        ? "the key policy delegates to the account, but no identity policy allows"
        : "neither the key policy nor an identity policy allows",
    );
  }

  if (identityAllows.length > 0 || directAllows.length > 0) {
    return allow([...identityAllows, ...directAllows], "same-account request allowed");
  }
  return implicitDeny(["identity", "resource"], "no identity policy allows, and no resource policy statement names the principal");
}

function applicableStatements(policy: IamPolicy, layer: PolicyLayer, request: IamRequest, context: RequestContext): Applicable[] {
  const applicable: Applicable[] = [];
  for (const statement of policy.statements) {
    const principal: PrincipalMatch = layer === "identity" ? "direct" : principalMatches(statement, request);
    if (principal === "none") continue;
    if (!actionMatches(statement, request.action)) continue;
    if (!resourceMatches(statement, request.resource.arn, context)) continue;
    if (!conditionsMatch(statement, context)) continue;
    applicable.push({ ref: statementRef(policy, statement, layer), principal });
  }
  return applicable;
}

function statementRef(policy: IamPolicy, statement: IamStatement, layer: PolicyLayer): StatementRef {
  return {
    layer,
    policy: policy.name,
    statement: statement.index,
    ...(statement.sid === undefined ? {} : { sid: statement.sid }),
    effect: statement.effect,
  };
}

/** KMS keys have key-policy semantics; aliases and other KMS resources do not. */
function isKmsKey(request: IamRequest): boolean {
  const parts = request.resource.arn.split(":");
  return parts[2] === "kms" && (parts[5] ?? "").startsWith("key/");
}

function describe(ref: StatementRef): string {
  return `${ref.layer} policy "${ref.policy}" statement ${ref.sid ? `"${ref.sid}"` : `#${ref.statement}`}`;
}

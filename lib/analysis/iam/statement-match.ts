/**
 * Whether one statement applies to one request: Action/NotAction, Resource/NotResource,
 * Principal/NotPrincipal (resource policies only) and Condition.
 */
import { conditionsHold, splitArn } from "./condition-evaluator";
import { compileIamPattern } from "./iam-pattern";
import type { IamStatement, PrincipalSet } from "./policy-document";
import { isServicePrincipal, principalAccountId, type IamRequest, type RequestContext } from "./request-context";

/**
 * How a resource policy's Principal names the caller. "account" means the statement names the
 * caller's account (`123456789012` or `arn:aws:iam::123456789012:root`): that delegates to the
 * account's identity policies rather than granting the caller directly.
 */
export type PrincipalMatch = "direct" | "account" | "none";

export function actionMatches(statement: IamStatement, action: string): boolean {
  if (statement.actions) return statement.actions.some((pattern) => actionPatternMatches(pattern, action));
  return !(statement.notActions ?? []).some((pattern) => actionPatternMatches(pattern, action));
}

function actionPatternMatches(pattern: string, action: string): boolean {
  if (pattern === "*") return true;
  const [patternService, patternAction] = splitAction(pattern);
  const [service, name] = splitAction(action);
  if (patternAction === undefined || name === undefined || patternService.toLowerCase() !== service.toLowerCase()) return false;
  return wildcardRegExp(patternAction).test(name);
}

/**
 * A case-insensitive, anchored RegExp for a pattern whose `*` and `?` are wildcards (an action
 * name, an ARN part). Compiled once per pattern: an analysis asks the same few patterns millions
 * of times. A RegExp without the g or y flag keeps no state between tests, so sharing is safe.
 */
const wildcardRegExps = new Map<string, RegExp>();
const WILDCARD_CACHE_LIMIT = 50_000;

function wildcardRegExp(pattern: string): RegExp {
  let regex = wildcardRegExps.get(pattern);
  if (!regex) {
    if (wildcardRegExps.size >= WILDCARD_CACHE_LIMIT) wildcardRegExps.clear();
    regex = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".")}$`,
      "i",
    );
    wildcardRegExps.set(pattern, regex);
  }
  return regex;
}

function splitAction(action: string): [string, string | undefined] {
  const colon = action.indexOf(":");
  return colon === -1 ? [action, undefined] : [action.slice(0, colon), action.slice(colon + 1)];
}

/**
 * Resource/NotResource. A statement with neither applies to every resource. A resource whose
 * policy variable cannot be resolved matches nothing — and then a NotResource statement does not
 * apply either, since it cannot be shown that the request is outside the set.
 */
export function resourceMatches(statement: IamStatement, resourceArn: string, context: RequestContext): boolean {
  if (statement.resources) return statement.resources.some((pattern) => resourcePatternMatches(pattern, resourceArn, context) === true);
  if (statement.notResources)
    return statement.notResources.every((pattern) => resourcePatternMatches(pattern, resourceArn, context) === false);
  return true;
}

/**
 * Partition, service, region and account are compared part by part, case-insensitively; the
 * resource part case-sensitively, where `*` may span `/` and `:` and policy variables resolve.
 */
function resourcePatternMatches(pattern: string, resourceArn: string, context: RequestContext): boolean | undefined {
  if (pattern === "*") return true;
  const patternParts = cachedSplitArn(pattern);
  const resourceParts = cachedSplitArn(resourceArn);
  if (!patternParts || !resourceParts) return false;
  for (let index = 0; index < 5; index++) {
    if (!wildcardRegExp(patternParts[index]).test(resourceParts[index])) return false;
  }
  const resourcePart = compileIamPattern(patternParts[5], context, { wildcards: true });
  return resourcePart === undefined ? undefined : resourcePart.test(resourceParts[5]);
}

/** `splitArn`, remembered: the same policy patterns and resource ARNs are split again and again. */
const splitArns = new Map<string, readonly string[] | null>();

function cachedSplitArn(arn: string): readonly string[] | undefined {
  let parts = splitArns.get(arn);
  if (parts === undefined) {
    if (splitArns.size >= WILDCARD_CACHE_LIMIT) splitArns.clear();
    parts = splitArn(arn) ?? null;
    splitArns.set(arn, parts);
  }
  return parts ?? undefined;
}

export function principalMatches(statement: IamStatement, request: IamRequest): PrincipalMatch {
  if (statement.principals) return principalSetMatch(statement.principals, request);
  if (statement.notPrincipals) {
    // Naming the caller's account excludes the caller too.
    return principalSetMatch(statement.notPrincipals, request) === "none" ? "direct" : "none";
  }
  return "none"; // a resource policy statement must name its principals
}

function principalSetMatch(set: PrincipalSet, request: IamRequest): PrincipalMatch {
  if (set.everyone) return "direct";
  const principal = request.principal;
  if (isServicePrincipal(principal)) return set.service.includes(principal.arn) ? "direct" : "none";
  if (set.aws.includes(principal.arn)) return "direct";
  const account = principalAccountId(principal);
  const namesAccount = set.aws.some((entry) => entry === account || entry === `arn:aws:iam::${account}:root`);
  return account !== undefined && namesAccount ? "account" : "none";
}

export function conditionsMatch(statement: IamStatement, context: RequestContext): boolean {
  return conditionsHold(statement.conditions, context);
}

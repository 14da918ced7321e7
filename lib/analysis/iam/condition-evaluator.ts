/**
 * Evaluates a statement's Condition block against a request context (IAM documentation,
 * "Condition element" and "condition operators"):
 *
 * - every operator and every key in the block must hold (AND); the values listed for one key are
 *   alternatives (OR) — for negated operators the key must match none of them;
 * - an absent key fails a positive operator and satisfies a negated one; `…IfExists` is satisfied
 *   by an absent key; `Null: true` means absent;
 * - `ForAnyValue:` needs one request value to satisfy the operator (absent key: false),
 *   `ForAllValues:` needs every request value to (absent key: true);
 * - a single-valued operator does not match a multi-valued key.
 */
import type { BaseOperator } from "./condition-operator";
import { compileIamPattern, resolveIamVariables } from "./iam-pattern";
import type { ConditionClause } from "./policy-document";
import type { RequestContext } from "./request-context";

export function conditionsHold(clauses: readonly ConditionClause[], context: RequestContext): boolean {
  return clauses.every((clause) => clauseHolds(clause, context));
}

export function clauseHolds(clause: ConditionClause, context: RequestContext): boolean {
  const { operator } = clause;
  const value = context.get(clause.key);
  if (operator.base === "Null") {
    const absent = value === undefined;
    return clause.values.some((expected) => expected.toLowerCase() === String(absent));
  }
  if (operator.set === "ForAnyValue") {
    if (value === undefined) return false;
    return asList(value).some((item) => baseHolds(operator.base, item, clause.values, context));
  }
  if (operator.set === "ForAllValues") {
    if (value === undefined) return true;
    return asList(value).every((item) => baseHolds(operator.base, item, clause.values, context));
  }
  if (value === undefined) return operator.ifExists || operator.negated;
  if (typeof value !== "string") return false;
  return baseHolds(operator.base, value, clause.values, context);
}

/** Whether one request value satisfies the base operator against the policy's values. */
function baseHolds(base: BaseOperator, requestValue: string, policyValues: readonly string[], context: RequestContext): boolean {
  switch (base) {
    case "StringEquals":
      return policyValues.some((policyValue) => stringMatch(policyValue, requestValue, context, false, false) === true);
    case "StringNotEquals":
      return policyValues.every((policyValue) => stringMatch(policyValue, requestValue, context, false, false) === false);
    case "StringEqualsIgnoreCase":
      return policyValues.some((policyValue) => stringMatch(policyValue, requestValue, context, false, true) === true);
    case "StringNotEqualsIgnoreCase":
      return policyValues.every((policyValue) => stringMatch(policyValue, requestValue, context, false, true) === false);
    case "StringLike":
      return policyValues.some((policyValue) => stringMatch(policyValue, requestValue, context, true, false) === true);
    case "StringNotLike":
      return policyValues.every((policyValue) => stringMatch(policyValue, requestValue, context, true, false) === false);
    case "ArnEquals":
    case "ArnLike":
      return policyValues.some((policyValue) => arnMatch(policyValue, requestValue, context) === true);
    case "ArnNotEquals":
    case "ArnNotLike":
      return policyValues.every((policyValue) => arnMatch(policyValue, requestValue, context) === false);
    case "Bool":
      return policyValues.some((policyValue) => boolMatch(policyValue, requestValue, context));
    case "NumericEquals":
      return policyValues.some(
        (policyValue) => numericCompare(policyValue, requestValue, (request, policy) => request === policy) === true,
      );
    case "NumericNotEquals":
      return policyValues.every(
        (policyValue) => numericCompare(policyValue, requestValue, (request, policy) => request === policy) === false,
      );
    case "NumericLessThan":
      return policyValues.some((policyValue) => numericCompare(policyValue, requestValue, (request, policy) => request < policy) === true);
    case "NumericLessThanEquals":
      return policyValues.some((policyValue) => numericCompare(policyValue, requestValue, (request, policy) => request <= policy) === true);
    case "NumericGreaterThan":
      return policyValues.some((policyValue) => numericCompare(policyValue, requestValue, (request, policy) => request > policy) === true);
    case "NumericGreaterThanEquals":
      return policyValues.some((policyValue) => numericCompare(policyValue, requestValue, (request, policy) => request >= policy) === true);
    case "Null":
      return false; // handled before the value is looked at
  }
}

/**
 * true/false when the comparison could be made; undefined when a policy variable could not be
 * resolved — such a value matches nothing, so it satisfies neither StringEquals nor StringNotEquals.
 */
function stringMatch(
  policyValue: string,
  requestValue: string,
  context: RequestContext,
  wildcards: boolean,
  ignoreCase: boolean,
): boolean | undefined {
  return compileIamPattern(policyValue, context, { wildcards, ignoreCase })?.test(requestValue);
}

/**
 * ArnLike/ArnEquals: each of the six colon-separated parts is compared on its own, with `*` and
 * `?` allowed inside a part but never across a colon. undefined when either side is not an ARN
 * or a variable cannot be resolved.
 */
function arnMatch(policyValue: string, requestValue: string, context: RequestContext): boolean | undefined {
  const policyParts = splitArn(policyValue);
  const requestParts = splitArn(requestValue);
  if (!policyParts || !requestParts) return undefined;
  let matches = true;
  for (let index = 0; index < 6; index++) {
    const pattern = compileIamPattern(policyParts[index], context, { wildcards: true });
    if (!pattern) return undefined;
    if (!pattern.test(requestParts[index])) matches = false;
  }
  return matches;
}

/** The six parts of an ARN; the resource part keeps its own colons. */
export function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

function boolMatch(policyValue: string, requestValue: string, context: RequestContext): boolean {
  const resolved = resolveIamVariables(policyValue, context)?.toLowerCase();
  const actual = requestValue.toLowerCase();
  const isBoolean = (text: string | undefined): boolean => text === "true" || text === "false";
  return isBoolean(resolved) && isBoolean(actual) && resolved === actual;
}

function numericCompare(
  policyValue: string,
  requestValue: string,
  compare: (request: number, policy: number) => boolean,
): boolean | undefined {
  const policy = parseNumber(policyValue);
  const request = parseNumber(requestValue);
  if (policy === undefined || request === undefined) return undefined;
  return compare(request, policy);
}

function parseNumber(text: string): number | undefined {
  return /^-?[0-9]+(\.[0-9]+)?$/.test(text.trim()) ? Number(text) : undefined;
}

function asList(value: string | readonly string[]): readonly string[] {
  return typeof value === "string" ? [value] : value;
}

/**
 * IAM policy documents (identity or resource policies) normalized for evaluation: every element
 * that may be a string or a list becomes a list, condition operators are parsed once, and
 * anything this evaluator cannot decide faithfully is an error naming where it is.
 */
import { parseConditionOperator, type ConditionOperator } from "./condition-operator";

export type Effect = "Allow" | "Deny";

export interface PrincipalSet {
  /** `"*"` or `{"AWS": "*"}`: everyone, including anonymous callers. */
  readonly everyone: boolean;
  /** Account ids, `arn:aws:iam::<account>:root`, or principal ARNs. */
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
  readonly canonicalUser: readonly string[];
}

export interface ConditionClause {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operatorName: string;
  readonly operator: ConditionOperator;
  readonly key: string;
  readonly values: readonly string[];
}

export interface IamStatement {
  /** Position in the policy's Statement list, from 0. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  readonly principals?: PrincipalSet;
  readonly notPrincipals?: PrincipalSet;
  readonly conditions: readonly ConditionClause[];
}

export interface IamPolicy {
  readonly name: string;
  readonly statements: readonly IamStatement[];
}

export class IamPolicyParseError extends Error {
  constructor(
    readonly policyName: string,
    readonly location: string,
    detail: string,
  ) {
    super(`policy "${policyName}"${location ? ` ${location}` : ""}: ${detail}`);
    this.name = "IamPolicyParseError";
  }
}

/** Parses a policy from its JSON text or an already-parsed object. */
export function parseIamPolicy(name: string, document: string | unknown): IamPolicy {
  const fail = (location: string, detail: string): never => {
    throw new IamPolicyParseError(name, location, detail);
  };
  let raw: unknown = document;
  if (typeof document === "string") {
    try {
      raw = JSON.parse(document);
    } catch (error) {
      fail("", `not valid JSON (${(error as Error).message})`);
    }
  }
  if (!isRecord(raw)) return fail("", "expected a JSON object with a Statement element");
  const statementElement = raw.Statement;
  if (statementElement === undefined) return fail("", "missing Statement");
  const rawStatements = Array.isArray(statementElement) ? statementElement : [statementElement];
  return { name, statements: rawStatements.map((statement, index) => parseStatement(statement, index, fail)) };
}

function parseStatement(raw: unknown, index: number, fail: (location: string, detail: string) => never): IamStatement {
  const at = `Statement[${index}]`;
  if (!isRecord(raw)) return fail(at, "expected an object");
  const effect = raw.Effect;
  if (effect !== "Allow" && effect !== "Deny") return fail(`${at}.Effect`, `expected "Allow" or "Deny", got ${JSON.stringify(effect)}`);
  const stringList = (element: string): string[] | undefined => {
    const value = raw[element];
    if (value === undefined) return undefined;
    const list = Array.isArray(value) ? value : [value];
    return list.map((item, position) =>
      typeof item === "string" ? item : fail(`${at}.${element}[${position}]`, `expected a string, got ${JSON.stringify(item)}`),
    );
  };
  const actions = stringList("Action");
  const notActions = stringList("NotAction");
  if ((actions === undefined) === (notActions === undefined)) return fail(at, "needs exactly one of Action or NotAction");
  const resources = stringList("Resource");
  const notResources = stringList("NotResource");
  if (resources !== undefined && notResources !== undefined) return fail(at, "has both Resource and NotResource");
  if (raw.Principal !== undefined && raw.NotPrincipal !== undefined) return fail(at, "has both Principal and NotPrincipal");
  const sid = typeof raw.Sid === "string" ? raw.Sid : undefined;
  return {
    index,
    ...(sid === undefined ? {} : { sid }),
    effect,
    ...(actions === undefined ? {} : { actions }),
    ...(notActions === undefined ? {} : { notActions }),
    ...(resources === undefined ? {} : { resources }),
    ...(notResources === undefined ? {} : { notResources }),
    ...(raw.Principal === undefined ? {} : { principals: parsePrincipal(raw.Principal, `${at}.Principal`, fail) }),
    ...(raw.NotPrincipal === undefined ? {} : { notPrincipals: parsePrincipal(raw.NotPrincipal, `${at}.NotPrincipal`, fail) }),
    conditions: parseConditions(raw.Condition, `${at}.Condition`, fail),
  };
}

function parsePrincipal(raw: unknown, at: string, fail: (location: string, detail: string) => never): PrincipalSet {
  if (raw === "*") return { everyone: true, aws: [], service: [], federated: [], canonicalUser: [] };
  if (!isRecord(raw)) return fail(at, `expected "*" or an object such as {"AWS": [...]}, got ${JSON.stringify(raw)}`);
  const list = (key: string): string[] => {
    const value = raw[key];
    if (value === undefined) return [];
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => (typeof item === "string" ? item : fail(`${at}.${key}`, `expected strings, got ${JSON.stringify(item)}`)));
  };
  for (const key of Object.keys(raw)) {
    if (!["AWS", "Service", "Federated", "CanonicalUser"].includes(key)) fail(`${at}.${key}`, "unknown principal type");
  }
  const aws = list("AWS");
  return {
    everyone: aws.includes("*"),
    aws: aws.filter((entry) => entry !== "*"),
    service: list("Service"),
    federated: list("Federated"),
    canonicalUser: list("CanonicalUser"),
  };
}

function parseConditions(raw: unknown, at: string, fail: (location: string, detail: string) => never): ConditionClause[] {
  if (raw === undefined) return [];
  if (!isRecord(raw)) return fail(at, "expected an object of operators");
  const clauses: ConditionClause[] = [];
  for (const [operatorName, keys] of Object.entries(raw)) {
    const operator = parseConditionOperator(operatorName);
    if (!operator) return fail(`${at}.${operatorName}`, "unsupported condition operator");
    if (!isRecord(keys)) return fail(`${at}.${operatorName}`, "expected an object of condition keys");
    for (const [key, value] of Object.entries(keys)) {
      const items = Array.isArray(value) ? value : [value];
      const values = items.map((item) =>
        typeof item === "string" || typeof item === "number" || typeof item === "boolean"
          ? String(item)
          : fail(`${at}.${operatorName}.${key}`, `expected strings, numbers or booleans, got ${JSON.stringify(item)}`),
      );
      clauses.push({ operatorName, operator, key, values });
    }
  }
  return clauses;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

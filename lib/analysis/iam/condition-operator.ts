/**
 * Condition operator names, parsed: `ForAnyValue:StringLikeIfExists` → set qualifier, base
 * operator, IfExists. Date and IP operators are not supported: the library emits none, and an
 * evaluator that guessed would be worse than one that says so.
 */

export const BASE_OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "ArnEquals",
  "ArnNotEquals",
  "ArnLike",
  "ArnNotLike",
  "Bool",
  "Null",
] as const;

export type BaseOperator = (typeof BASE_OPERATORS)[number];

export type SetQualifier = "ForAnyValue" | "ForAllValues";

export interface ConditionOperator {
  readonly base: BaseOperator;
  readonly set?: SetQualifier;
  readonly ifExists: boolean;
  /** Negated operators (…Not…) are true when the key is absent. */
  readonly negated: boolean;
}

export function parseConditionOperator(name: string): ConditionOperator | undefined {
  let rest = name;
  let set: SetQualifier | undefined;
  for (const qualifier of ["ForAnyValue", "ForAllValues"] as const) {
    if (rest.toLowerCase().startsWith(`${qualifier.toLowerCase()}:`)) {
      set = qualifier;
      rest = rest.slice(qualifier.length + 1);
    }
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith("ifexists") && rest.toLowerCase() !== "null") {
    ifExists = true;
    rest = rest.slice(0, -"IfExists".length);
  }
  const base = BASE_OPERATORS.find((operator) => operator.toLowerCase() === rest.toLowerCase());
  if (!base || (base === "Null" && (ifExists || set))) return undefined;
  return { base, ...(set ? { set } : {}), ifExists, negated: base.includes("Not") };
}

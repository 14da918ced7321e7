export * from "./policy-document";
export * from "./policy-evaluator";
export * from "./request-context";
export { parseConditionOperator, BASE_OPERATORS, type BaseOperator, type ConditionOperator, type SetQualifier } from "./condition-operator";

export * from "./capabilities";
export * from "./policy-document";
export * from "./policy-evaluator";
export { HclSyntaxError } from "./hcl-reader";
export type { PathPattern, PatternKind, PriorityRule } from "./path-pattern";

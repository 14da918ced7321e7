export * from "../../vault-hcl/capabilities";
export * from "../../vault-hcl/policy-document";
export * from "./policy-evaluator";
export { HclSyntaxError } from "../../vault-hcl/hcl-reader";
export type { PathPattern, PatternKind, PriorityRule } from "./path-pattern";

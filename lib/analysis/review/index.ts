export * from "./review";
export { reviewMarkdown, REVIEW_MARKER } from "./markdown";
export {
  loadRemovalContext,
  recoveryWindow,
  productionStacks,
  forgottenAddresses,
  RETIREMENTS_FILE,
  RETIREMENTS_FORMAT,
  type RemovalContext,
} from "./removals";
export { exceptionChanges, type ExceptionChange, type ExceptionReport } from "./exception-changes";
export { logicalChanges, accessLabel, touchesProduction, type LogicalChange, type ChangeEnvironment } from "./logical-changes";
export { accessGraph, mermaidLabel, MERMAID_MAX_EDGES } from "./mermaid";

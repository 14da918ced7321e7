export { renderRunbook, UnknownConnectorError, type RunbookOptions } from "./runbook";
export { stepsFor, vaultEnv, type Steps } from "./steps";

export * from "./types";
export { runChecks, formatFinding, type CheckOutcome } from "./run-checks";
export { toSynthStack } from "./synth-stack";
export { ALL_RULES } from "./stack-checks";

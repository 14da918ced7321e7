export * from "./simulate";
export { simulationJson, simulationText } from "./format";
export { simulateExhaustive } from "./exhaustive";

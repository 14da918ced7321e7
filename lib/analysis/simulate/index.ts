export * from "./simulate";
export { simulationJson, simulationText } from "./format";

export * from "./primitives";
export * from "./owner";
export * from "./environment";
export * from "./consumer";
export * from "./credential";
export * from "./connector";
export * from "./inventory";
export * from "./orchestrator";

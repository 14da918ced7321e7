export * from "./proof";
export * from "./pattern-containment";

export * from "./policy-text";
export * from "./credential-paths";
export * from "./consumer-policy";
export * from "./human-policies";
export * from "./database-statements";

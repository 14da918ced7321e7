export * from "./types";
export * from "./names";
export * from "./tags";
export { planRotation, databaseRotationTarget } from "./rotation";
export { planCredential, isStoredInVaultKv, registerFields } from "./credential-plan";
export { planServiceAccounts } from "./service-account-plan";
export { planEnvironment, planBackend, MANAGED_BY } from "./environment-plan";
export { planVaultClusters, planAwsAccounts, namespacesWithParents } from "./cluster-plan";
export { planInventory } from "./inventory-plan";
export * from "./aws-types";
export {
  planAwsEnvironmentDetail,
  planAwsTrail,
  planOidcProviders,
  objectLockFor,
  awsPartition,
  DASHBOARD_CONNECTORS_PER_PART,
  type AwsEnvironmentDetail,
} from "./aws-plan";
export * from "./vault-broker-rotation";
export * from "./orchestrator-plan";

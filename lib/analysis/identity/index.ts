export * from "./server-objects";
export { vaultClusterIdentity, joinVaultPath, accountOfProvider } from "./cluster-identity";
export { VAULT_OBJECT_PATHS, type VaultObjectPath } from "./vault-object-paths";
export { AWS_OBJECT_NAMES, type AwsObjectName } from "./aws-object-names";

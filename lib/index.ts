// Public API: re-exports only.
export * from "./spec";
export * from "./plan";
export { addEtlSecretsStacks, type EtlSecretsStacks, type EtlSecretsOptions } from "./constructs/etl-secrets-app";
export { synthesizeInventory, ChecksFailedError, RemovalRefusedError, SynthFailedError, OutputDirError, type SynthesisResult, type SynthesizeOptions } from "./constructs/synthesize";
export { LedgerSession, type LedgerOptions } from "./constructs/ledger-session";
export { EnvironmentStack } from "./constructs/stacks/environment-stack";
export { VaultClusterStack } from "./constructs/stacks/vault-cluster-stack";
export { AwsAccountStack } from "./constructs/stacks/aws-account-stack";
export * from "./checks";

// --- Composable constructs (issue 12, item 2; branch i12-compose) ---
export { EtlSecretsEnvironment, type EtlSecretsEnvironmentProps, type EtlSecretsOutputOptions } from "./constructs/compose/etl-secrets-environment";
export { EtlSecretsVaultCluster, type EtlSecretsVaultClusterProps } from "./constructs/compose/etl-secrets-vault-cluster";
export { EtlSecretsAwsAccount, type EtlSecretsAwsAccountProps } from "./constructs/compose/etl-secrets-aws-account";
export {
  EtlSecretsReferences,
  UnknownReferenceError,
  type EtlSecretReference,
  type EtlKvSecretReference,
  type EtlVaultRoleReference,
  type EtlIamRoleReference,
} from "./constructs/compose/references";
export { EtlSecretsOutputs } from "./constructs/compose/outputs";
// --- end composable constructs ---

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

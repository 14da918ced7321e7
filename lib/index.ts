// Public API of the package: explicit named re-exports only (no `export *`), so every exported name
// is a decision. etc/cdktf-etl-secrets.api.md records it; `npm run api` updates that report and the
// unit test command fails while it is stale. Helpers (naming, sorting, slugs, ...) stay internal.

// ---- Inventory: types, loaders, validation -----------------------------------------------------
export {
  InventoryError,
  formatIssue,
  formatPath,
  type InventoryIssue,
  type IssueSeverity,
  type SpecIssue,
  type SpecPath,
} from "./inventory/issues";
export type {
  Connector,
  Consumer,
  ConsumerAuth,
  Credential,
  CredentialOf,
  CredentialType,
  Environment,
  EnvironmentOverride,
  Inventory,
  Orchestrator,
  Owner,
} from "./inventory/model";
export type { InventoryDocument, InventoryInput } from "./inventory/schema/inventory";
export type { LifecycleState } from "./inventory/schema/connector";
export type { Notifications } from "./inventory/schema/notifications";
export type { Regulation, Sensitivity, Tier } from "./inventory/class-defaults";
export { defineInventory } from "./inventory/define-inventory";
export { loadInventory, validateInventoryFile, validateInventoryText, MAX_INVENTORY_BYTES } from "./inventory/load";
export { validateDocument, type ValidationOptions, type ValidationResult } from "./inventory/validate";
export { inventoryJsonSchema, inventoryJsonSchemaText, INVENTORY_SCHEMA_ID } from "./inventory/json-schema";

// ---- Plan: what the constructs render ----------------------------------------------------------
export { planInventory } from "./plan/inventory-plan";
export type { AwsAccountPlan, EnvironmentPlan, InventoryPlan, VaultClusterPlan } from "./plan/types";
export { planVaultAudits, type VaultAuditPlan, type VaultAuditEnvironmentPlan } from "./plan/vault-audit-plan";
export {
  orchestratorWiring,
  ORCHESTRATOR_WRAPPING,
  type OrchestratorMintPlan,
  type OrchestratorPlan,
  type OrchestratorWiring,
} from "./plan/orchestrator-plan";

// ---- Constructs and synthesis ------------------------------------------------------------------
export { addEtlSecretsStacks, type EtlSecretsOptions, type EtlSecretsStacks } from "./constructs/etl-secrets-app";
export {
  synthesizeInventory,
  ChecksFailedError,
  OutputDirError,
  RemovalRefusedError,
  SynthFailedError,
  type SynthesisResult,
  type SynthesizeOptions,
} from "./constructs/synthesize";
export { LedgerSession, type LedgerOptions } from "./constructs/ledger-session";
export { EnvironmentStack, type EnvironmentStackProps } from "./constructs/stacks/environment-stack";
export { VaultClusterStack, type VaultClusterStackProps } from "./constructs/stacks/vault-cluster-stack";
export { AwsAccountStack, type AwsAccountStackProps } from "./constructs/stacks/aws-account-stack";
export { VaultAuditStack, VAULT_AUDIT_OUTPUTS, type VaultAuditStackProps } from "./constructs/stacks/vault-audit-stack";

// ---- Composing one environment into your own stack (branch i12-compose) -------------------------
export {
  EtlSecretsEnvironment,
  type EtlSecretsEnvironmentProps,
  type EtlSecretsOutputOptions,
} from "./constructs/compose/etl-secrets-environment";
export { EtlSecretsVaultCluster, type EtlSecretsVaultClusterProps } from "./constructs/compose/etl-secrets-vault-cluster";
export { EtlSecretsAwsAccount, type EtlSecretsAwsAccountProps } from "./constructs/compose/etl-secrets-aws-account";
export { EtlSecretsVaultAudit, type EtlSecretsVaultAuditProps } from "./constructs/compose/etl-secrets-vault-audit";
export {
  EtlSecretsReferences,
  UnknownReferenceError,
  type EtlSecretReference,
  type EtlKvSecretReference,
  type EtlVaultRoleReference,
  type EtlIamRoleReference,
} from "./constructs/compose/references";
export { EtlSecretsOutputs } from "./constructs/compose/outputs";

// ---- Secure-default checks ---------------------------------------------------------------------
export { ChecksSession, type ChecksOptions } from "./checks/validation";
export type { Finding, FindingSeverity, Suppression } from "./checks/types";

// ---- Analysis: simulate, review, scan, register, runbook ---------------------------------------
export { loadAccessModel, SynthDirError, type AccessModel } from "./analysis/access-model";
export {
  simulate,
  simulationJson,
  simulationText,
  type BlockedGrant,
  type DecisionSummary,
  type SimulateOptions,
  type SimulationResult,
  type UnmetIntent,
  type Violation,
} from "./analysis/simulate";
export {
  loadRemovalContext,
  reviewChanges,
  reviewMarkdown,
  type AccessChange,
  type DestroyedResource,
  type ExceptionReport,
  type ForgottenResource,
  type InventoryChange,
  type RemovalContext,
  type ReviewOptions,
  type ReviewReport,
  type SettingChange,
} from "./analysis/review";
export {
  scanPaths,
  scanTexts,
  formatFindingsJson,
  formatFindingsText,
  SecretlintError,
  type ScanFinding,
  type ScanOptions,
  type ScanPathsResult,
  type ScanReport,
  type SkippedFile,
} from "./analysis/scan";
export { buildRegister, type RegisterRow } from "./register/register";
export { registerToCsv, registerToMarkdown } from "./register/register-format";
export { renderRunbook, UnknownConnectorError, type RunbookOptions } from "./runbook";
export {
  wireConsumer,
  formatWireText,
  formatWireJson,
  consumerWiring,
  airflowSettings,
  vaultAgentConfig,
  environmentWiring,
  WIRE_TARGETS,
  WireError,
  AIRFLOW_VAULT_BACKEND,
  AIRFLOW_SECRETS_MANAGER_BACKEND,
  AIRFLOW_VAULT_CONNECTIONS_PATH,
  type WireTarget,
  type WireOutput,
  type WireBlock,
  type ConsumerWiring,
  type CredentialWiring,
  type VaultWiring,
  type VaultLogin,
  type AwsWiring,
  type AwsRoleTrust,
  type AirflowSettings,
  type AirflowConnection,
  type AirflowUnresolved,
  type RuntimeKwarg,
  type BackendKwarg,
  type AgentFiles,
  type AgentTemplate,
  type EnvironmentWiring,
  type ConsumerWiringSummary,
} from "./wire";

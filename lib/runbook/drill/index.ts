export {
  planDrill,
  productionClash,
  productionSecretClash,
  DrillRefused,
  type DrillPlan,
  type DrillTarget,
  type DrillConsumer,
  type VaultStaticRoleTarget,
  type VaultDynamicDatabaseTarget,
  type AwsRotatedPasswordTarget,
  type NotDrillable,
} from "./plan";
export { runDrill, DRILL_FORMAT, type DrillReport, type DrillDeps, type DrillCredentialResult, type DrillConsumerResult } from "./run";
export {
  RecordingVaultClient,
  postgresLogin,
  secretsManagerApi,
  type DrillSecretsApi,
  type DrillVaultApi,
  type DatabaseLogin,
  type VaultRequestRecord,
} from "./clients";
export { formatDrillJson, formatDrillText } from "./report";

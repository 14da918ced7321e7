export * from "./model";
export { consumerWiring, environmentPlanFor, connectionId } from "./consumer-wiring";
export {
  airflowSettings,
  airflowSettingsOf,
  airflowWire,
  AIRFLOW_VAULT_BACKEND,
  AIRFLOW_SECRETS_MANAGER_BACKEND,
  AIRFLOW_VAULT_CONNECTIONS_PATH,
  AIRFLOW_SECRETS_MANAGER_SEP,
  type AirflowSettings,
  type AirflowConnection,
  type AirflowUnresolved,
  type RuntimeKwarg,
  type BackendKwarg,
} from "./airflow";
export { kubernetesWire, type KubernetesWiring } from "./kubernetes";
export { ecsWire, environmentVariableName, type EcsWiring, type EcsSecretEntry } from "./ecs";
export { githubActionsWire, type GithubActionsWiring } from "./github-actions";
export { agentTemplate, agentTemplates, vaultAgentConfig, notTemplatable, type AgentTemplate, type AgentFiles } from "./vault-agent";
export { environmentWiring, type EnvironmentWiring, type ConsumerWiringSummary } from "./environment-wiring";
export { orchestratorWire, isOrchestrator } from "./orchestrator";
export { wireConsumer, formatWireText, formatWireJson, isWireTarget } from "./wire";

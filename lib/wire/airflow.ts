import type { EnvironmentPlan } from "../plan/types";
import { connectionId, consumerWiring } from "./consumer-wiring";
import type { ConsumerWiring, WireBlock, WireOutput } from "./model";
import { quarantineNotes } from "./notes";
import { agentTemplate, notTemplatable, vaultAgentConfig, type AgentTemplate } from "./vault-agent";
import { byText } from "../shared/text-order";

/*
 * Airflow: the secrets backend that resolves the consumer's connections at run time.
 *
 * The contract shared with the records (`conn_uri` in Vault KV) and the real-Airflow tests:
 * - Vault: `airflow.providers.hashicorp.secrets.vault.VaultBackend`, `mount_point` = the
 *   environment's KV mount, `connections_path` = "connectors", `kv_engine_version` 2: connection id
 *   `<connector>/<credential>` reads KV key `connectors/<connector>/<credential>`.
 * - Secrets Manager: `airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend`,
 *   `connections_prefix` = `<organization>/<environment>`, `sep` "/", `full_url_mode` false:
 *   connection id `<connector>/<credential>` reads secret `<org>/<env>/<connector>/<credential>`.
 *
 * Auth types as apache-airflow-providers-hashicorp 4.8.x implements them (VALID_AUTH_TYPES of its
 * _internal_client/vault_client.py): approle (role_id, secret_id), kubernetes (kubernetes_role,
 * kubernetes_jwt_path), aws_iam (role_id = the Vault role, region; AWS credentials from boto3's
 * default chain), jwt (jwt_role, jwt_token or jwt_token_path); auth_mount_point for all four.
 */

export const AIRFLOW_VAULT_BACKEND = "airflow.providers.hashicorp.secrets.vault.VaultBackend";
export const AIRFLOW_SECRETS_MANAGER_BACKEND = "airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend";
/** `connections_path` of the Vault backend: the KV keys' first segment (`connectors/<connector>/<credential>`). */
export const AIRFLOW_VAULT_CONNECTIONS_PATH = "connectors";
/** The Secrets Manager backend's separator between prefix and connection id. */
export const AIRFLOW_SECRETS_MANAGER_SEP = "/";
/** Default path of a pod's service account token (the Vault backend's kubernetes_jwt_path default). */
export const KUBERNETES_TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount/token";

export type BackendKwarg = string | number | boolean | null;

/** A backend argument that is not printed: the job's launcher supplies it at run time. */
export interface RuntimeKwarg {
  readonly kwarg: string;
  /** Where the value comes from (a Vault path, a file, a minting orchestrator): never the value. */
  readonly from: string;
  /** Whether the value is secret (a secret id, a token) or only not known to the plan (a role id). */
  readonly confidential: boolean;
}

export interface AirflowConnection {
  /** `<connector>/<credential>` */
  readonly connId: string;
  readonly credentialId: string;
  /** Where the backend reads it: the KV data path, or the secret name. */
  readonly location: string;
  readonly quarantined: boolean;
}

/** A credential the backend cannot resolve, and how the job gets it instead. */
export interface AirflowUnresolved {
  readonly credentialId: string;
  readonly reason: string;
  /** Vault Agent template that renders it (dynamic database credentials, certificates, ...). */
  readonly template?: AgentTemplate;
}

export interface AirflowSettings {
  readonly backend: string;
  /** Every argument of `[secrets] backend_kwargs` that the plan knows; never a secret. */
  readonly backendKwargs: Readonly<Record<string, BackendKwarg>>;
  /** Arguments the launcher adds at run time (secret id, role id, identity token file). */
  readonly runtimeKwargs: readonly RuntimeKwarg[];
  /** Connections the backend resolves for this consumer, by connection id. */
  readonly connections: readonly AirflowConnection[];
  readonly unresolved: readonly AirflowUnresolved[];
}

/** The Airflow secrets-backend settings of one consumer in one environment (the shared contract). */
export function airflowSettings(plan: EnvironmentPlan, consumerId: string): AirflowSettings {
  return airflowSettingsOf(consumerWiring(plan, consumerId));
}

export function airflowSettingsOf(wiring: ConsumerWiring): AirflowSettings {
  return wiring.store === "vault" ? vaultSettings(wiring) : secretsManagerSettings(wiring);
}

function vaultSettings(wiring: ConsumerWiring): AirflowSettings {
  const vault = wiring.vault;
  const kwargs: Record<string, BackendKwarg> = {
    url: vault?.address ?? null,
    ...(vault?.namespace && { namespace: vault.namespace }),
    mount_point: vault?.kvMount ?? null,
    connections_path: AIRFLOW_VAULT_CONNECTIONS_PATH,
    variables_path: null,
    config_path: null,
    kv_engine_version: 2,
  };
  const runtime: RuntimeKwarg[] = [];
  const login = vault?.login;
  if (login) {
    kwargs.auth_mount_point = login.mount;
    switch (login.method) {
      case "approle":
        kwargs.auth_type = "approle";
        runtime.push({
          kwarg: "role_id",
          from: `Vault: read ${login.roleIdPath} (not secret; install it with the job)`,
          confidential: false,
        });
        runtime.push({
          kwarg: "secret_id",
          from: `a secret id of ${login.secretIdPath} (${login.secretIdUses === 1 ? "single-use" : `${login.secretIdUses} uses`}, ${login.secretIdTtlSeconds}s), delivered response-wrapped to the job at run time by ${login.deliveredBy.length > 0 ? `the trusted orchestrator ${login.deliveredBy.join(" or ")} (etl-secrets wire <inventory> ${login.deliveredBy[0]} --env ${wiring.environment})` : "a trusted orchestrator (declare one under orchestrators: so its mint policy is generated)"} and unwrapped there; never in airflow.cfg`,
          confidential: true,
        });
        break;
      case "kubernetes":
        kwargs.auth_type = "kubernetes";
        kwargs.kubernetes_role = login.role;
        kwargs.kubernetes_jwt_path = KUBERNETES_TOKEN_PATH;
        break;
      case "jwt":
        kwargs.auth_type = "jwt";
        kwargs.jwt_role = login.role;
        runtime.push({
          kwarg: "jwt_token_path",
          from: `a file holding an identity token from ${login.issuer} with sub ${JSON.stringify(login.subject)} and aud ${login.audiences.join(" or ")}, refreshed by the platform`,
          confidential: false,
        });
        break;
      case "aws-iam":
        kwargs.auth_type = "aws_iam";
        kwargs.role_id = login.role;
        if (wiring.aws) kwargs.region = wiring.aws.region;
        break;
    }
  }
  const connections: AirflowConnection[] = [];
  const unresolved: AirflowUnresolved[] = [];
  for (const credential of wiring.credentials) {
    if (credential.vault?.source === "kv" && credential.vault.path) {
      connections.push({
        connId: connectionId(credential),
        credentialId: credential.id,
        location: credential.vault.path,
        quarantined: credential.quarantined,
      });
      continue;
    }
    const template = agentTemplate(credential);
    const cannot = notTemplatable(credential);
    unresolved.push({
      credentialId: credential.id,
      reason: cannot
        ? `not a KV record: ${cannot}`
        : `not a KV record (${credential.vault?.source}: issued per request with a lease); the Vault backend reads KV only: render it with Vault Agent (template below) and read the file in the task`,
      ...(template && { template }),
    });
  }
  return { backend: AIRFLOW_VAULT_BACKEND, backendKwargs: sortedKeys(kwargs), runtimeKwargs: runtime, connections, unresolved };
}

function secretsManagerSettings(wiring: ConsumerWiring): AirflowSettings {
  const aws = wiring.aws;
  const kwargs: Record<string, BackendKwarg> = {
    connections_prefix: aws?.secretPrefix ?? `${wiring.organization}/${wiring.environment}`,
    variables_prefix: null,
    config_prefix: null,
    sep: AIRFLOW_SECRETS_MANAGER_SEP,
    full_url_mode: false,
    ...(aws && { region_name: aws.region }),
  };
  const connections: AirflowConnection[] = [];
  const unresolved: AirflowUnresolved[] = [];
  for (const credential of wiring.credentials) {
    if (credential.aws?.secretName) {
      connections.push({
        connId: connectionId(credential),
        credentialId: credential.id,
        location: credential.aws.secretName,
        quarantined: credential.quarantined,
      });
    } else {
      unresolved.push({
        credentialId: credential.id,
        reason: credential.aws?.assumeRoleName
          ? `an IAM role, not a secret: the task assumes ${credential.aws.assumeRoleName} (AWS connection with role_arn)`
          : "no Secrets Manager secret holds it",
      });
    }
  }
  return { backend: AIRFLOW_SECRETS_MANAGER_BACKEND, backendKwargs: sortedKeys(kwargs), runtimeKwargs: [], connections, unresolved };
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => byText(a, b)));
}

/** The `airflow` target: settings, the config to paste, and notes. */
export function airflowWire(wiring: ConsumerWiring): WireOutput<AirflowSettings> {
  const settings = airflowSettingsOf(wiring);
  const kwargs = JSON.stringify(settings.backendKwargs);
  const blocks: WireBlock[] = [
    { title: "airflow.cfg", language: "ini", body: `[secrets]\nbackend = ${settings.backend}\nbackend_kwargs = ${kwargs}\n` },
    {
      title: "or as environment variables",
      language: "text",
      body: `AIRFLOW__SECRETS__BACKEND=${settings.backend}\nAIRFLOW__SECRETS__BACKEND_KWARGS='${kwargs}'\n`,
    },
  ];
  if (settings.connections.length > 0) {
    blocks.push({
      title: "connection ids it resolves",
      language: "text",
      body:
        settings.connections
          .map((c) => `${c.connId}  <- ${c.location}${c.quarantined ? "  (quarantined: denied until reissued)" : ""}`)
          .join("\n") + "\n",
    });
  }
  const templates = settings.unresolved.map((u) => u.template).filter((t): t is AgentTemplate => t !== undefined);
  if (templates.length > 0 && wiring.vault) {
    blocks.push({
      title: "Vault Agent beside the worker, for what the backend cannot read",
      language: "hcl",
      body: vaultAgentConfig(wiring, {}, templates),
    });
  }
  const notes: string[] = [];
  for (const runtime of settings.runtimeKwargs) notes.push(`backend_kwargs.${runtime.kwarg} is not shown: ${runtime.from}.`);
  for (const u of settings.unresolved) notes.push(`${u.credentialId}: ${u.reason}.`);
  if (wiring.store === "aws" && wiring.aws?.role) {
    notes.push(
      `The worker runs as IAM role ${wiring.aws.role.arn} (instance profile, IRSA or web identity), which may read exactly these secrets; or add "role_arn" to backend_kwargs when it assumes it.`,
    );
  }
  if (wiring.store === "vault" && wiring.vault?.login.method === "aws-iam") {
    notes.push(
      `aws_iam logs in with the worker's AWS credentials (boto3 default chain); they must be of ${wiring.vault.login.iamRoleArn ?? "the IAM role Vault binds"}.`,
    );
  }
  if (settings.connections.length > 0)
    notes.push("A connection id resolves only for this consumer's identity: another consumer's login is denied the path.");
  notes.push(...quarantineNotes(wiring));
  return { target: "airflow", consumer: wiring.consumer, environment: wiring.environment, data: settings, blocks, notes };
}

import type { AwsCredentials } from "../aws-sigv4";
import { RotationError } from "../errors";
import { rotationMessage, vaultLocation, type RotationOverdueMessage, type RotationSource } from "../notifier/contract";
import { QuerySnsPublisher, type SnsPublisher } from "../notifier/sns-publisher";

/**
 * Announces rotations that happened in Vault on the environment's RotationSucceeded topic, in the
 * notifier's message contract (lib/rotation/notifier/contract.ts). Runtime code: fetch only.
 */

/** Environment variables of a function that announces Vault rotations: all or none (none: it announces nothing). */
export const VAULT_ANNOUNCE_ENVIRONMENT = {
  /** The environment's RotationSucceeded topic. */
  rotatedTopicArn: "ROTATED_TOPIC_ARN",
  organization: "ORGANIZATION",
  environment: "ENVIRONMENT",
  /** The Vault cluster's key (`host` or `host:port`, lib/inventory/vault-address.ts): the first segment of a location. */
  vaultCluster: "VAULT_CLUSTER",
} as const;
/** SNS endpoint (VPC interface endpoint or a test double); optional. */
export const VAULT_ANNOUNCE_SNS_ENDPOINT = "SNS_ENDPOINT";
/** The environment's alarm topic, for overdue rotations (the static-role watcher); optional. */
export const VAULT_ANNOUNCE_ALARM_TOPIC = "ALARM_TOPIC_ARN";

export interface VaultAnnouncerConfig {
  readonly topicArn: string;
  /** Where overdue rotations go. @default none: announceOverdue refuses */
  readonly alarmTopicArn?: string;
  readonly organization: string;
  readonly environment: string;
  readonly cluster: string;
}

/** One rotation in Vault, as the rotating code knows it. */
export interface VaultRotation {
  readonly source: Exclude<RotationSource, "secrets-manager">;
  readonly connector: string;
  readonly credential: string;
  readonly namespace?: string;
  /** API path of the rotated object (`<kv>/data/<key>`, `<db>/static-roles/<role>`). */
  readonly path: string;
  /** When it rotated (ISO 8601, Vault's clock): the same on every retry. */
  readonly time: string;
}

/** A rotation that did not happen in time. */
export interface VaultOverdueRotation {
  readonly connector: string;
  readonly credential: string;
  readonly namespace?: string;
  readonly path: string;
  readonly lastRotation: string;
  readonly deadline: string;
}

export interface VaultRotationAnnouncer {
  /** Publishes the message; resolves to SNS's MessageId, rejects when SNS refused it. */
  announce(rotation: VaultRotation): Promise<string>;
  /** Publishes a RotationOverdue message on the alarm topic. */
  announceOverdue?(overdue: VaultOverdueRotation): Promise<string>;
}

/** The configuration, or undefined when the function was deployed without a topic; a partial set is an error. */
export function vaultAnnouncerConfigFromEnvironment(environment: NodeJS.ProcessEnv): VaultAnnouncerConfig | undefined {
  const names = Object.values(VAULT_ANNOUNCE_ENVIRONMENT);
  const present = names.filter((name) => !!environment[name]);
  if (present.length === 0) return undefined;
  const missing = names.filter((name) => !environment[name]);
  if (missing.length > 0) throw new RotationError(`announcing Vault rotations needs ${names.join(", ")}; missing ${missing.join(", ")}`);
  return {
    topicArn: environment[VAULT_ANNOUNCE_ENVIRONMENT.rotatedTopicArn]!,
    organization: environment[VAULT_ANNOUNCE_ENVIRONMENT.organization]!,
    environment: environment[VAULT_ANNOUNCE_ENVIRONMENT.environment]!,
    cluster: environment[VAULT_ANNOUNCE_ENVIRONMENT.vaultCluster]!,
    ...(environment[VAULT_ANNOUNCE_ALARM_TOPIC] ? { alarmTopicArn: environment[VAULT_ANNOUNCE_ALARM_TOPIC] } : {}),
  };
}

/** The connector and credential of a KV key `connectors/<connector>/<credential>`; undefined off that contract. */
export function connectorOfKey(key: string): { readonly connector: string; readonly credential: string } | undefined {
  const match = /^connectors\/([A-Za-z0-9][A-Za-z0-9_.-]*)\/([A-Za-z0-9][A-Za-z0-9_.-]*)$/.exec(key);
  return match ? { connector: match[1], credential: match[2] } : undefined;
}

export class SnsVaultAnnouncer implements VaultRotationAnnouncer {
  constructor(
    private readonly config: VaultAnnouncerConfig,
    private readonly publisher: SnsPublisher,
  ) {}

  announce(rotation: VaultRotation): Promise<string> {
    const { message, attributes } = rotationMessage({
      store: "vault",
      source: rotation.source,
      organization: this.config.organization,
      environment: this.config.environment,
      connector: rotation.connector,
      credential: rotation.credential,
      location: vaultLocation(this.config.cluster, rotation.namespace, rotation.path),
      time: rotation.time,
    });
    return this.publisher.publish({ topicArn: this.config.topicArn, message: JSON.stringify(message), attributes });
  }

  announceOverdue(overdue: VaultOverdueRotation): Promise<string> {
    if (!this.config.alarmTopicArn)
      return Promise.reject(new RotationError(`no alarm topic (${VAULT_ANNOUNCE_ALARM_TOPIC}) to report an overdue rotation on`));
    const location = vaultLocation(this.config.cluster, overdue.namespace, overdue.path);
    const message: RotationOverdueMessage = {
      event: "RotationOverdue",
      organization: this.config.organization,
      environment: this.config.environment,
      connector: overdue.connector,
      credential: overdue.credential,
      store: "vault",
      source: "vault-static-role",
      location,
      lastRotation: overdue.lastRotation,
      deadline: overdue.deadline,
      dedupeId: `${location}@overdue@${overdue.deadline}`,
    };
    const attributes = {
      connector: overdue.connector,
      credential: overdue.credential,
      environment: this.config.environment,
      store: "vault",
    };
    return this.publisher.publish({ topicArn: this.config.alarmTopicArn, message: JSON.stringify(message), attributes });
  }
}

/** The announcer a deployed function uses: undefined when its environment names no topic. */
export function vaultAnnouncerFromEnvironment(
  environment: NodeJS.ProcessEnv,
  credentials: () => AwsCredentials,
): VaultRotationAnnouncer | undefined {
  const config = vaultAnnouncerConfigFromEnvironment(environment);
  if (!config) return undefined;
  const region = environment.AWS_REGION ?? environment.AWS_DEFAULT_REGION;
  if (!region) throw new RotationError("announcing Vault rotations needs AWS_REGION");
  return new SnsVaultAnnouncer(
    config,
    new QuerySnsPublisher({ region, endpoint: environment[VAULT_ANNOUNCE_SNS_ENDPOINT] || undefined, credentials }),
  );
}

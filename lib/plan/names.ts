/*
 * Every name and path the constructs create is derived here, once, from immutable spec keys
 * (organization, environment name, connector id, credential name, consumer id): never from list
 * positions or display text. Changing a function here changes Terraform addresses and resource
 * names: treat it as a breaking change.
 */
import { vaultClusterIdentity } from "../inventory/vault-address";

/** Lowercase `[a-z0-9-]`, for stack names and ids derived from hosts. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * The Vault cluster's identity: normalized host, and the port when it is not a default one
 * (lib/inventory/vault-address.ts decides, for validation, plan, stacks and analysis alike).
 */
export function vaultClusterKey(address: string): string {
  const identity = vaultClusterIdentity(address);
  if (!identity) throw new TypeError("a Vault address must be a URL (validation refuses any other)");
  return identity.key;
}

export const stackNames = {
  environment: (environment: string) => environment,
  vaultCluster: (address: string) => slug(vaultClusterKey(address)),
  awsAccount: (accountId: string) => `aws-${accountId}`,
  /** The stack that receives a Vault cluster's audit log (`vault.audit`): `<cluster stack>-audit`. */
  vaultAudit: (address: string) => `${slug(vaultClusterKey(address))}-audit`,
};

/** Key of a credential inside the KV store and the stable id of everything made for it. */
export function credentialKey(connectorId: string, credentialName: string): string {
  return `connectors/${connectorId}/${credentialName}`;
}

/** `<organization>/<environment>/<connector>/<credential>` */
export function secretsManagerName(organization: string, environment: string, connectorId: string, credentialName: string): string {
  return `${organization}/${environment}/${connectorId}/${credentialName}`;
}

/** Mount paths of one environment; with mount isolation they carry the environment's prefix. */
export interface VaultMountNames {
  readonly kv: string;
  readonly database: string;
  readonly pki: string;
  readonly ssh: string;
  readonly aws: string;
  readonly gcp: string;
  readonly approle: string;
  readonly awsAuth: string;
  kubernetes(cluster: string): string;
  jwt(issuer: string): string;
}

export function vaultMountNames(prefix: string | undefined): VaultMountNames {
  const at = (name: string) => (prefix ? `${prefix}/${name}` : name);
  return {
    kv: at("kv"),
    database: at("database"),
    pki: at("pki"),
    ssh: at("ssh"),
    aws: at("aws"),
    gcp: at("gcp"),
    approle: at("approle"),
    awsAuth: at("aws"),
    kubernetes: (cluster) => at(cluster === "default" ? "kubernetes" : `kubernetes-${cluster}`),
    jwt: (issuer) => at(`jwt-${slug(new URL(issuer).host + new URL(issuer).pathname)}`),
  };
}

/** Vault object names (policies, roles) are per namespace, or per cluster with mount isolation. */
export const vaultNames = {
  consumerPolicy: (environment: string, consumerId: string) => `${environment}-consumer-${consumerId}`,
  operatorPolicy: (environment: string) => `${environment}-operator`,
  breakGlassPolicy: (environment: string) => `${environment}-break-glass`,
  rotationPolicy: (environment: string) => `${environment}-rotation`,
  /** The AWS auth role the key-broker rotation function logs in with (on the environment's AWS auth mount). */
  rotationAuthRole: (environment: string) => `${environment}-rotation`,
  /** The AWS auth role and the policy of the Vault static-role watcher (metadata of static roles only). */
  rotationWatchAuthRole: (environment: string) => `${environment}-rotation-watch`,
  rotationWatchPolicy: (environment: string) => `${environment}-rotation-watch`,
  /** The AWS auth role and the policy of the reminder checker (KV metadata of reminder credentials only). */
  remindersAuthRole: (environment: string) => `${environment}-reminders`,
  remindersPolicy: (environment: string) => `${environment}-reminders`,
  /** The auditor's policy (`etl-secrets audit`): metadata and role listings only, never a value. */
  auditorPolicy: (environment: string) => `${environment}-auditor`,
  /** The drill identity's policy (`etl-secrets runbook --drill`), non-production only. */
  drillPolicy: (environment: string) => `${environment}-drill`,
  /**
   * A trusted orchestrator's policy: mint wrapped, single-use secret ids for the consumers it lists.
   * `orchestrator` never occurs in another policy name's place after `<env>-` (consumer policies say
   * `consumer`); the identity catalogue refuses any collision all the same.
   */
  orchestratorPolicy: (environment: string, orchestratorId: string) => `${environment}-orchestrator-${orchestratorId}`,
  /** An orchestrator's own auth role, on the mount of its auth method (its id differs from every consumer id). */
  orchestratorAuthRole: (orchestratorId: string) => orchestratorId,
  /** Auth roles live inside their environment's auth mount, so the consumer id suffices. */
  authRole: (consumerId: string) => consumerId,
  databaseConnection: (connectorId: string, credentialName: string) => `${connectorId}-${credentialName}`,
  databaseRole: (connectorId: string, credentialName: string, consumerId: string) => `${connectorId}-${credentialName}-${consumerId}`,
  staticRole: (connectorId: string, credentialName: string) => `${connectorId}-${credentialName}`,
  pkiRole: (connectorId: string, credentialName: string) => `${connectorId}-${credentialName}`,
  sshRole: (connectorId: string, credentialName: string, consumerId: string) => `${connectorId}-${credentialName}-${consumerId}`,
  cloudRole: (connectorId: string, credentialName: string) => `${connectorId}-${credentialName}`,
};

/** AWS names are per account; the environment is part of every name so environments never collide. */
export const awsNames = {
  secretsKeyAlias: (organization: string, environment: string) => `alias/${organization}-${environment}-secrets`,
  logsKeyAlias: (organization: string, environment: string) => `alias/${organization}-${environment}-logs`,
  rotationFunction: (organization: string, environment: string, target: string) => `${organization}-${environment}-rotate-${target}`,
  breakGlassRole: (organization: string, environment: string) => `${organization}-${environment}-break-glass`,
  /**
   * The auditor's role (`etl-secrets audit`): metadata only. The `.` cannot occur in a consumer id,
   * so it never collides with a consumer's `<org>-<env>-<consumer>` role.
   */
  auditorRole: (organization: string, environment: string) => iamName(`${organization}-${environment}.auditor`),
  /** The drill role (`etl-secrets runbook --drill`), non-production only; `.` as for the auditor. */
  drillRole: (organization: string, environment: string) => iamName(`${organization}-${environment}.drill`),
  alarmTopic: (organization: string, environment: string) => `${organization}-${environment}-secrets-alarms`,
  trail: (organization: string) => `${organization}-etl-secrets`,
  trailBucket: (organization: string, accountId: string) => `${organization}-${accountId}-etl-secrets-trail`,
  /** Receives the trail bucket's S3 server access logs. */
  trailAccessLogBucket: (organization: string, accountId: string) => `${organization}-${accountId}-etl-secrets-access-logs`,
  /** CloudTrail's log-file delivery notifications. */
  trailTopic: (organization: string) => `${organization}-etl-secrets-trail`,
  dashboard: (organization: string, environment: string, part: number) =>
    `${organization}-${environment}-secrets${part > 0 ? `-${part + 1}` : ""}`,
  /** IAM path of every role the library creates in an environment: detection tells declared principals by it. */
  iamPath: (organization: string, environment: string) => `/${organization}/${environment}/`,
  /** Role of a consumer that names none (jwt consumers, aws-iam consumers without roleName / roleArn). */
  consumerRole: (organization: string, environment: string, consumerId: string) => iamName(`${organization}-${environment}-${consumerId}`),
  consumerPolicy: (organization: string, environment: string, consumerId: string) =>
    iamName(`${organization}-${environment}-${consumerId}-secrets`),
  /**
   * A role the spec names (a consumer's `roleName`, a cloud-role credential's `roleName`), created in
   * one environment: the environment is appended so that two environments of one account (dev and
   * test) never create the same role twice.
   */
  specNamedRole: (roleName: string, environment: string) => iamName(`${roleName}-${environment}`),
  /** Inline policy of a role Vault's AWS engine assumes (lib/plan/vault-engine-roles.ts): the spec's `allow`. */
  vaultEngineRolePolicy: (roleName: string) => `${roleName}-allow`.slice(0, 128),
  /** A cloud-role credential's role when the spec names none. */
  cloudRole: (organization: string, environment: string, connectorId: string, credentialName: string) =>
    iamName(`${organization}-${environment}-${connectorId}-${credentialName}`),
  rotationRole: (organization: string, environment: string, target: string) => iamName(`${organization}-${environment}-rotate-${target}`),
  rotationDeadLetterQueue: (functionName: string) => `${functionName}-dlq`,
  /**
   * The rotation function's execution role as Vault's AWS auth binds it: without its IAM path (Vault
   * compares the caller's canonical ARN, which carries none; see service-account.ts).
   */
  rotationRoleArn: (partition: string, accountId: string, organization: string, environment: string, target: string) =>
    `arn:${partition}:iam::${accountId}:role/${awsNames.rotationRole(organization, environment, target)}`,
  /** EventBridge rule that rotates the Vault-stored broker credentials of one period (and part). */
  vaultRotationSchedule: (organization: string, environment: string, days: number, part?: number) =>
    `${organization}-${environment}-rotate-vault-every-${days}d${part === undefined ? "" : `-${part}`}`,
  /** EventBridge rule that runs the Vault static-role watcher (one per part of its input). */
  vaultRotationWatch: (organization: string, environment: string, part?: number) =>
    iamName(`${organization}-${environment}-vault-rotation-watch${part === undefined ? "" : `-${part}`}`),
  /** EventBridge rule that runs the daily reminder checker (one per part of its input). */
  rotationReminders: (organization: string, environment: string, part?: number) =>
    iamName(`${organization}-${environment}-rotation-reminders${part === undefined ? "" : `-${part}`}`),
  /** Topic of rotation reminders; each owner's email subscription filters on its owner id. */
  remindersTopic: (organization: string, environment: string) => `${organization}-${environment}-secret-reminders`,
  /** Paging topic of the environment (critical reminders): people subscribe outside Terraform. */
  pagingTopic: (organization: string, environment: string) => `${organization}-${environment}-secrets-paging`,
  lambdaLogGroup: (functionName: string) => `/aws/lambda/${functionName}`,
  /** The errors and dead-letter alarms of a function the library runs (lib/constructs/aws/function-alarms.ts). */
  functionAlarm: (functionName: string, kind: "errors" | "dlq") => `${functionName}-${kind}`,
  rotatedTopic: (organization: string, environment: string) => `${organization}-${environment}-secret-rotated`,
  metricNamespace: (organization: string, environment: string) => `${organization}/etl-secrets/${environment}`,
  /** Alarms, metric filters and EventBridge rules of one detection signal. */
  detection: (organization: string, environment: string, signal: string) => `${organization}-${environment}-${signal}`,
  trailLogGroup: (organization: string) => `/aws/cloudtrail/${organization}-etl-secrets`,
  trailKeyAlias: (organization: string) => `alias/${organization}-etl-secrets-trail`,
  trailLogsRole: (organization: string) => iamName(`${organization}-etl-secrets-trail-logs`),
  /** `arn:aws:iam::<account>:oidc-provider/<issuer host and path>` */
  oidcProviderArn: (partition: string, accountId: string, issuer: string) =>
    `arn:${partition}:iam::${accountId}:oidc-provider/${oidcProviderHost(issuer)}`,
};

/** An issuer URL as IAM names its OIDC provider and condition keys: host and path, no scheme, no trailing slash. */
export function oidcProviderHost(issuer: string): string {
  return issuer.replace(/^https:\/\//, "").replace(/\/+$/, "");
}

/**
 * IAM names are at most 64 characters; a longer one keeps its first 55 and a stable 8-hex suffix of
 * the whole, so two long names never collide and the same input always gives the same name.
 */
export function iamName(name: string, max = 64): string {
  if (name.length <= max) return name;
  let hash = 0x811c9dc5;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return `${name.slice(0, max - 9)}-${hash.toString(16).padStart(8, "0")}`;
}

/** Local state climbs out of `<out>/stacks/<stack>/`, so a clean re-synth never deletes it. */
export function localStatePath(stack: string): string {
  return `../../../terraform-state/${stack}.tfstate`;
}

/*
 * Vault: engine API paths and the names of what the Vault constructs create. Policies name these
 * paths exactly, so they are derived here and nowhere else.
 */
export const vaultPaths = {
  /** Dynamic database credentials of a role (read). */
  databaseCreds: (mount: string, role: string) => `${mount}/creds/${role}`,
  /** Current password of a database static role (read). */
  databaseStaticCreds: (mount: string, role: string) => `${mount}/static-creds/${role}`,
  /** Issue a certificate from a PKI role (update). */
  pkiIssue: (mount: string, role: string) => `${mount}/issue/${role}`,
  /** Sign an SSH public key with an SSH role (update). */
  sshSign: (mount: string, role: string) => `${mount}/sign/${role}`,
  /** AWS credentials of an AWS secrets engine role (read). */
  awsCreds: (mount: string, role: string) => `${mount}/creds/${role}`,
  /** Mint a secret id of an AppRole role (update); namespace-relative. */
  approleSecretId: (approleMount: string, role: string) => `auth/${approleMount}/role/${role}/secret-id`,
  /** Read the role id of an AppRole role (read); namespace-relative. */
  approleRoleId: (approleMount: string, role: string) => `auth/${approleMount}/role/${role}/role-id`,
  /** Log in with a role id and a secret id (unauthenticated); namespace-relative. */
  approleLogin: (approleMount: string) => `auth/${approleMount}/login`,
  /** A service account key minted from a GCP roleset (read). */
  gcpRolesetKey: (mount: string, roleset: string) => `${mount}/roleset/${roleset}/key`,
};

export const vaultObjectNames = {
  /** Terraform variable that carries a database connection's bootstrap password (ephemeral). */
  bootstrapPasswordVariable: (connectorId: string, credentialName: string) =>
    `vault_db_bootstrap_${connectorId}_${credentialName}`.replace(/-/g, "_"),
  /** Login Vault's database engine uses when the spec names none (`database.username`). */
  defaultBootstrapUsername: "vault-admin",
  /**
   * The dynamic database role people use (operators, break-glass) in production. `_` never occurs
   * in a consumer id, so it can never collide with a consumer's role.
   */
  humanDatabaseRole: (connectorId: string, credentialName: string) => `${connectorId}-${credentialName}_operator`,
  operatorGroup: (environment: string) => `${environment}-operators`,
  breakGlassGroup: (environment: string) => `${environment}-break-glass`,
  /** Identity group of the people and jobs that run `etl-secrets audit` (members managed outside Terraform). */
  auditorGroup: (environment: string) => `${environment}-auditors`,
  /** Identity group of who runs drills (`etl-secrets runbook --drill`), non-production only. */
  drillersGroup: (environment: string) => `${environment}-drillers`,
  breakGlassMfaEnforcement: (environment: string) => `${environment}-break-glass-login-mfa`,
  /** Login MFA enforcement of the production operators group (TOTP). */
  operatorsMfaEnforcement: (environment: string) => `${environment}-operators-login-mfa`,
  /** Audit device paths of a cluster (at least two, so one failing sink never silences the log). */
  auditDevices: { file: "file", syslog: "syslog" } as const,
  /** Role ARN of a created IAM role, in the environment's account. */
  iamRoleArn: (accountId: string, roleName: string) => `arn:aws:iam::${accountId}:role/${roleName}`,
};

export { defaultMountPrefix } from "../inventory/schema/environment";
export { vaultClusterIdentity, type VaultClusterIdentity } from "../inventory/vault-address";

/**
 * Names of a Vault cluster's audit sink (`vault.audit`) in the audit account, from the cluster's
 * normalized key. Per-environment filters and alarms are `<org>-<env>-vault-<signal>`.
 */
export function vaultAuditNames(organization: string, accountId: string, clusterKey: string) {
  const cluster = slug(clusterKey);
  const base = `${organization}-vault-audit-${cluster}`;
  return {
    clusterSlug: cluster,
    logGroup: `/${organization}/etl-secrets/vault-audit/${cluster}`,
    keyAlias: `alias/${base}`,
    /** S3 names are at most 63 characters: same hash-suffix rule as IAM names. */
    bucket: iamName(`${organization}-${accountId}-vault-audit-${cluster}`, 63),
    /** Receives the archive bucket's S3 server access logs. */
    accessLogBucket: iamName(`${organization}-${accountId}-vault-audit-${cluster}-access-logs`, 63),
    firehose: iamName(base),
    /** Path of the sink's IAM roles. */
    iamPath: `/${organization}/vault-audit/`,
    deliveryRole: iamName(`${base}-delivery`),
    subscriptionRole: iamName(`${base}-subscription`),
    agentRole: iamName(`${base}-agent`),
    /** Assumed by the auditors of the cluster's environments in other accounts: FilterLogEvents on the group only. */
    readerRole: iamName(`${base}-reader`),
    subscriptionFilter: `${organization}-vault-audit-archive`,
    alarmTopic: `${base}-alarms`,
    /** S3 key prefix of the archived audit log. */
    archivePrefix: `vault-audit/${cluster}/`,
    clusterMetricNamespace: `${organization}/etl-secrets/vault/${cluster}`,
    /** Cluster-wide filters and alarms: `<org>-vault-<cluster>-<signal>`. */
    clusterSignalPrefix: `${organization}-vault-${cluster}-`,
  };
}

/** Per-environment filters and alarms on a Vault audit log: `<org>-<env>-<signal>` (signal ids start with `vault-`). */
export function vaultAuditEnvironmentSignalName(organization: string, environment: string, signal: string): string {
  return `${organization}-${environment}-${signal}`;
}
export type VaultAuditNames = ReturnType<typeof vaultAuditNames>;

/**
 * Access anomaly alarms (issue 14 part 5) on a count of secret reads: the metric filter
 * `<org>-<env>-secret-reads` (trail log group; the Vault one is the audit signal
 * `<org>-<env>-vault-secret-reads`), and per count an anomaly-band alarm and, where the environment
 * declares `hours`, an out-of-hours alarm named after it.
 */
export const accessAnomalyNames = {
  secretReadsFilter: (organization: string, environment: string) => `${organization}-${environment}-secret-reads`,
  anomalyAlarm: (countName: string) => `${countName}-anomaly`,
  outOfHoursAlarm: (countName: string) => `${countName}-out-of-hours`,
};

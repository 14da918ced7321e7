/*
 * Construct ids of everything the constructs create below a fixed id: derived here, once, from
 * immutable spec keys (credential id, consumer id, owner id, signal id, cluster name, issuer path),
 * never from list positions or display text. A construct id is part of a Terraform address: changing
 * a function here moves resources, so treat it as a breaking change. The construct-tree snapshots
 * (test/examples/construct-trees/) lock the result per example.
 */
import { slug } from "./names";

/** `<connector>/<credential>` -> `<connector>_<credential>`: `_` never occurs in spec ids, so it cannot be ambiguous. */
function credential(credentialId: string): string {
  return credentialId.replace("/", "_");
}

/** A rotation part: the only part keeps the bare id, so splitting later is the only move. */
function part(base: string, index: number | undefined): string {
  return index === undefined ? base : `${base}-part-${index}`;
}

export const constructIds = {
  /** Scope of one credential's resources (Vault engine roles). */
  credential,

  // AWS side of an environment (lib/constructs/aws/)
  secret: (credentialId: string) => `secret-${credential(credentialId)}`,
  cloudRole: (credentialId: string) => `cloud-role-${credential(credentialId)}`,
  consumerRole: (consumerId: string) => `consumer-${consumerId}`,
  rotationFunction: (target: string) => `rotation-${target}`,
  dashboardPart: (index: number) => `part-${index + 1}`,
  /** An owner's email subscription to the alarm topic. */
  ownerSubscription: (ownerId: string) => `owner-${ownerId}`,
  /** An owner's email subscription to the reminders topic. */
  reminderSubscription: (ownerId: string) => `reminder-owner-${ownerId}`,
  /** IAM OIDC provider: from the issuer's host and path. */
  oidcProvider: (host: string) => host.replace(/[^a-z0-9-]+/gi, "-"),
  signalFilter: (signalId: string) => `filter-${signalId}`,
  signalAlarm: (signalId: string) => `alarm-${signalId}`,
  /** A broker rotation schedule: `every-<days>d`, or `every-<days>d-part-<n>` when the period is split. */
  brokerSchedule: (days: number, index?: number) => part(`every-${days}d`, index),
  /** A Vault static-role watcher rule: `watch`, or `watch-part-<n>`. */
  staticWatchPart: (index?: number) => part("watch", index),
  /** A reminder checker rule: `reminders`, or `reminders-part-<n>`. */
  remindersPart: (index?: number) => part("reminders", index),

  // Vault audit sink (lib/constructs/aws/vault-audit-detection.ts)
  vaultAuditClusterSignal: (signalId: string) => `cluster-${signalId}`,
  vaultAuditEnvironmentSignal: (environment: string, signalId: string) => `${environment}-${signalId}`,
  vaultAuditAccessAnomaly: (environment: string) => `${environment}-access-anomaly`,

  // Vault side of an environment (lib/constructs/vault/)
  connector: (connectorId: string) => `connector-${connectorId}`,
  serviceAccount: (consumerId: string) => `consumer-${consumerId}`,
  orchestrator: (orchestratorId: string) => `orchestrator-${orchestratorId}`,
  /** A consumer's role on a credential's engine (database, SSH). */
  consumerEngineRole: (consumerId: string) => `role-${consumerId}`,
  kubernetesAuth: (cluster: string) => `kubernetes-${cluster}`,
  kubernetesAuthConfig: (cluster: string) => `kubernetes-${cluster}-config`,
  jwtAuth: (mountPath: string) => `jwt-${slug(mountPath)}`,

  // Vault cluster (lib/constructs/compose/cluster-parts.ts)
  /** From the namespace's path, so adding a namespace never renames another. */
  namespace: (path: string) => `namespace-${path.replace(/\//g, "--")}`,
};

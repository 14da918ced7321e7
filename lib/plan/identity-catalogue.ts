/*
 * The identity catalogue: every service-side name the library will create for an inventory, each
 * with the scope in which the service keeps names apart, the key it compares them by, the limit on
 * its length and the spec keys it comes from. Validation (lib/inventory/cross-field/derived-names.ts) groups it
 * by scope and key: two entries with one key in one scope are two resources writing one object, which
 * it refuses; names stay as readable as they always were (a new encoding would rename, and so
 * replace, nearly every role).
 *
 * How names are compared (the key):
 * - IAM role and policy names case-insensitively (IAM: "names are not distinguished by case");
 * - Vault policy names lower-cased (Vault lower-cases them), identity group names and AppRole role
 *   names case-insensitively (Vault compares them so); other Vault names are case-sensitive paths,
 *   but every one the library makes is built from lower-case ids, so the lower-cased key is the
 *   same comparison;
 * - everything else (stack names, Terraform variables and construct ids, S3, SQS, SNS, Lambda,
 *   EventBridge, log groups, KMS aliases, Secrets Manager names) exactly.
 * Scopes: Vault names per cluster (its normalized identity, lib/inventory/vault-address.ts) and
 * namespace (the root namespace under mount isolation), per mount for engine and auth roles; IAM
 * per account; regional AWS names per account and region; S3 globally; stack names in one space.
 *
 * Pure: it reads the plan (which holds every name the constructs render) and, where a construct
 * derives a name itself, mirrors that derivation. A test synthesizes the shipped examples and checks
 * that every name-bearing attribute of the JSON is in the catalogue, so a name added to a construct
 * without an entry here fails the build.
 */
import { TIER_CLASSES } from "../inventory/class-defaults";
import type { Consumer, Environment, Inventory } from "../inventory/model";
import { byText, sortBy } from "./compare";
import { credentialSource } from "./credential-source";
import { planInventory } from "./inventory-plan";
import { rotationWatchAwsIdentities, rotationWatchFunction } from "./identity/rotation-watch";
import { planVaultStaticWatch } from "./vault-static-watch";
import { awsNames, oidcProviderHost, slug, vaultClusterKey, vaultNames, vaultObjectNames } from "./names";
import { rotationNotifierNames } from "./notifier-names";
import type { CredentialPlan, EnvironmentPlan, InventoryPlan, ServiceAccountPlan } from "./types";
import { entriesForVaultAudit } from "./identity/vault-audit";
import { entriesForAccessAnomaly } from "./identity/access-anomaly";
import { remindersAwsIdentities, remindersFunction, remindersVaultLogin } from "./identity/reminders";
import { entriesForDrill } from "./identity/drill";
import type { IdentityEntry, IdentityOrigin } from "./identity/types";

export type { IdentityEntry, IdentityOrigin } from "./identity/types";

/** Vault's limits on KV v2 custom metadata (`custom_metadata` of the metadata endpoint). */
export const VAULT_CUSTOM_METADATA_LIMITS = { keys: 64, keyBytes: 128, valueBytes: 512 } as const;

/** A credential's KV v2 custom metadata, as the plan writes it. */
export interface CustomMetadataEntry {
  readonly environment: string;
  readonly connector: string;
  readonly credential: string;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface IdentityCatalogue {
  readonly entries: readonly IdentityEntry[];
  readonly customMetadata: readonly CustomMetadataEntry[];
}

/**
 * Ids of the detection signals (lib/policy/aws/detection.ts): each names a metric filter and an
 * alarm `<organization>-<environment>-<signal>`. Listed here because the plan may not import the
 * policy layer; the completeness test fails when the two drift apart.
 */
export const DETECTION_SIGNAL_IDS = [
  "secret-access-denied",
  "unexpected-secret-reader",
  "rotation-failed",
  "secret-deleted",
  "secret-policy-changed",
  "secrets-key-disabled",
] as const;

/** EventBridge rules of the detection construct (lib/constructs/aws/detection.ts). */
const DETECTION_RULES = ["rotation-failed", "rotation-succeeded"] as const;

/** The cluster-wide endpoint the cluster stack writes (lib/constructs/vault/vault-cluster-settings.ts). */
export const CLUSTER_SETTINGS_PATHS = ["sys/config/group-policy-application"] as const;

// AWS name limits (characters).
const LIMIT = {
  iamRole: 64,
  iamInlinePolicy: 128,
  lambda: 64,
  sqs: 80,
  sns: 256,
  eventRule: 64,
  logGroup: 512,
  metricFilter: 512,
  kmsAlias: 256,
  secretsManager: 512,
  dashboard: 255,
  alarm: 255,
  s3: 63,
  cloudtrail: 128,
} as const;

/** One limit object per length, shared by the thousands of entries that carry it. */
const LIMITS = new Map<number, { readonly length: number; readonly unit: "characters" }>();
const chars = (length: number) => {
  let max = LIMITS.get(length);
  if (!max) {
    max = { length, unit: "characters" as const };
    LIMITS.set(length, max);
  }
  return max;
};

/**
 * Texts built from a few parts that thousands of entries repeat (scopes and places): built once per
 * distinct part, so entries share one string.
 */
function memo(build: (part: string) => string): (part: string) => string {
  const cache = new Map<string, string>();
  return (part) => {
    let text = cache.get(part);
    if (text === undefined) {
      text = build(part);
      cache.set(part, text);
    }
    return text;
  };
}

class Collector {
  readonly entries: IdentityEntry[] = [];
  add(entry: IdentityEntry): void {
    this.entries.push(entry);
  }
}

/** Every name the library will create for a (validated) inventory. */
export function identityCatalogue(inventory: Inventory, plan: InventoryPlan = planInventory(inventory)): IdentityCatalogue {
  const out = new Collector();
  const customMetadata: CustomMetadataEntry[] = [];
  const environments = new Map(inventory.environments.map((env) => [env.name, env]));

  // Where a consumer id is declared first, per environment and overall (its service account's spec key).
  const homes = new Map<string, ConsumerHome>();
  for (const connector of inventory.connectors) {
    for (const consumer of connector.consumers) {
      let home = homes.get(consumer.id);
      if (!home) {
        home = { first: connector.id, byEnvironment: new Map(), declaredIn: new Set() };
        homes.set(consumer.id, home);
      }
      home.declaredIn.add(connector.id);
      for (const environment of Object.keys(connector.environments)) {
        if (!home.byEnvironment.has(environment)) home.byEnvironment.set(environment, connector.id);
      }
    }
  }
  const consumerHome = (environment: string, consumer: string, preferred?: string): string => {
    const home = homes.get(consumer);
    if (!home) return "";
    if (preferred && home.declaredIn.has(preferred)) return preferred;
    return home.byEnvironment.get(environment) ?? home.first;
  };
  const consumerOrigin = (environment: string, consumer: string, connector?: string, field?: readonly string[]): IdentityOrigin => {
    const home = consumerHome(environment, consumer, connector);
    return field ? { kind: "consumer", connector: home, consumer, field } : { kind: "consumer", connector: home, consumer };
  };
  const credentialOrigin = (c: { connectorId: string; name: string }, field?: readonly string[]): IdentityOrigin =>
    field
      ? { kind: "credential", connector: c.connectorId, credential: c.name, field }
      : { kind: "credential", connector: c.connectorId, credential: c.name };
  const envOrigin = (environment: string, field?: readonly string[]): IdentityOrigin =>
    field ? { kind: "environment", environment, field } : { kind: "environment", environment };

  addStackNames(out, plan, envOrigin);
  addVaultClusters(out, plan, environments, envOrigin);

  for (const env of plan.environments) {
    if (env.vault) addVault(out, env, customMetadata, consumerOrigin, credentialOrigin, envOrigin);
    if (env.aws) addAws(out, env, inventory, consumerOrigin, credentialOrigin, envOrigin);
  }

  addAwsAccounts(out, plan, inventory);

  for (const entry of entriesForVaultAudit(inventory)) out.add(entry);
  for (const entry of entriesForAccessAnomaly(inventory, plan)) out.add(entry);
  for (const entry of entriesForDrill(plan)) out.add(entry);

  return { entries: out.entries, customMetadata: sortBy(customMetadata, (m) => `${m.environment}/${m.connector}/${m.credential}`) };
}

/** Stack names: one namespace for environment, Vault cluster and AWS account stacks. */
function addStackNames(out: Collector, plan: InventoryPlan, envOrigin: EnvOrigin): void {
  for (const env of plan.environments) {
    out.add({
      what: "stack name",
      scope: "stacks",
      where: "among the synthesized stacks",
      key: env.stackName,
      name: env.stackName,
      origins: [envOrigin(env.name, ["name"])],
    });
  }
  for (const cluster of plan.vaultClusters) {
    const first = cluster.environments[0];
    out.add({
      what: "Vault cluster stack name",
      scope: "stacks",
      where: "among the synthesized stacks",
      key: cluster.stackName,
      name: cluster.stackName,
      origins: [envOrigin(first, ["vault", "address"])],
    });
  }
  for (const account of plan.awsAccounts) {
    out.add({
      what: "AWS account stack name",
      scope: "stacks",
      where: "among the synthesized stacks",
      key: account.stackName,
      name: account.stackName,
      origins: [envOrigin(account.environments[0], ["aws", "accountId"])],
    });
  }
}

/** Vault cluster stacks: namespaces, audit devices, cluster settings, namespace construct ids. */
function addVaultClusters(out: Collector, plan: InventoryPlan, environments: ReadonlyMap<string, Environment>, envOrigin: EnvOrigin): void {
  for (const cluster of plan.vaultClusters) {
    const clusterKey = vaultClusterKey(cluster.address);
    const firstEnv = cluster.environments[0];
    for (const namespace of cluster.namespaces) {
      const owner = cluster.environments.find((name) => {
        const ns = environments.get(name)?.vault?.namespace;
        return ns === namespace || ns?.startsWith(`${namespace}/`);
      });
      const origins = [envOrigin(owner ?? firstEnv, ["vault", "namespace"])];
      out.add({
        what: "Vault namespace",
        scope: `vault ${clusterKey} namespaces`,
        where: `on the Vault cluster of environment ${firstEnv}`,
        key: namespace,
        name: namespace,
        origins,
        shared: `namespace ${namespace}`,
      });
      const constructId = `namespace-${namespace.replace(/\//g, "--")}`;
      out.add({
        what: "Terraform address of a Vault namespace",
        scope: `stack ${cluster.stackName} construct`,
        where: `in stack ${cluster.stackName}`,
        key: constructId,
        name: constructId,
        origins,
        shared: `namespace ${namespace}`,
      });
    }
    for (const device of Object.values(vaultObjectNames.auditDevices)) {
      out.add({
        what: "Vault audit device",
        scope: `vault ${clusterKey} audit`,
        where: `on the Vault cluster of environment ${firstEnv}`,
        key: device,
        name: device,
        origins: [envOrigin(firstEnv, ["vault", "address"])],
      });
    }
    for (const path of CLUSTER_SETTINGS_PATHS) {
      out.add({
        what: "Vault cluster setting",
        scope: `vault ${clusterKey} sys`,
        where: `on the Vault cluster of environment ${firstEnv}`,
        key: path,
        name: path,
        origins: [envOrigin(firstEnv, ["vault", "address"])],
      });
    }
  }
}

/** AWS account stacks: the trail and its bucket, key, log group, role and topic; OIDC providers. */
// long-function: the catalogue of every name an AWS account stack creates (trail, bucket, key, log group, logs role, topic, OIDC providers), one entry per name in the order the constructs create them; a table read top to bottom, as addAws
function addAwsAccounts(out: Collector, plan: InventoryPlan, inventory: Inventory): void {
  for (const account of plan.awsAccounts) {
    const origins: IdentityOrigin[] = [{ kind: "organization" }, { kind: "account", accountId: account.accountId }];
    const iam = `aws ${account.accountId} iam-role`;
    const regional = (service: string) => `aws ${account.accountId} ${account.region} ${service}`;
    const where = `in AWS account ${account.accountId}`;
    const trail = account.trail;
    out.add({
      what: "CloudTrail trail",
      scope: regional("cloudtrail"),
      where,
      key: trail.trailName,
      name: trail.trailName,
      origins,
      max: chars(LIMIT.cloudtrail),
    });
    out.add({
      what: "S3 bucket",
      scope: "aws s3",
      where: "among all S3 buckets",
      key: trail.bucketName,
      name: trail.bucketName,
      origins,
      max: chars(LIMIT.s3),
    });
    out.add({
      what: "S3 bucket",
      scope: "aws s3",
      where: "among all S3 buckets",
      key: trail.accessLogs.bucketName,
      name: trail.accessLogs.bucketName,
      origins,
      max: chars(LIMIT.s3),
    });
    out.add({
      what: "KMS alias",
      scope: regional("kms-alias"),
      where,
      key: trail.keyAlias,
      name: trail.keyAlias,
      origins,
      max: chars(LIMIT.kmsAlias),
    });
    out.add({
      what: "CloudWatch log group",
      scope: regional("log-group"),
      where,
      key: trail.logGroupName,
      name: trail.logGroupName,
      origins,
      max: chars(LIMIT.logGroup),
    });
    out.add({
      what: "IAM role",
      scope: iam,
      where,
      key: trail.logsRoleName.toLowerCase(),
      name: trail.logsRoleName,
      origins,
      max: chars(LIMIT.iamRole),
    });
    out.add({
      what: "IAM role policy",
      scope: `${iam}:${trail.logsRoleName.toLowerCase()} policy`,
      where: "on the same IAM role",
      key: trail.logsRoleName.toLowerCase(),
      name: trail.logsRoleName,
      origins,
      max: chars(LIMIT.iamInlinePolicy),
    });
    out.add({
      what: "SNS topic",
      scope: regional("sns"),
      where,
      key: trail.topicName,
      name: trail.topicName,
      origins,
      max: chars(LIMIT.sns),
    });
    for (const provider of account.oidcProviders) {
      const constructId = provider.host.replace(/[^a-z0-9-]+/gi, "-");
      // The first consumer whose issuer the provider serves (its spec key), else the account.
      let user: { readonly connector: string; readonly consumer: Consumer } | undefined;
      search: for (const c of inventory.connectors) {
        if (c.store !== "aws" || !account.environments.some((name) => name in c.environments)) continue;
        for (const consumer of c.consumers) {
          if (consumer.auth.method === "jwt" && oidcProviderHost(consumer.auth.issuer) === provider.host) {
            user = { connector: c.id, consumer };
            break search;
          }
        }
      }
      const providerOrigins: IdentityOrigin[] = user
        ? [{ kind: "consumer", connector: user.connector, consumer: user.consumer.id, field: ["auth", "issuer"] }]
        : [{ kind: "account", accountId: account.accountId }];
      out.add({
        what: "IAM OIDC provider",
        scope: `aws ${account.accountId} oidc-provider`,
        where,
        key: provider.host.toLowerCase(),
        name: provider.host,
        origins: providerOrigins,
        shared: `oidc ${provider.issuer}`,
      });
      out.add({
        what: "Terraform address of an IAM OIDC provider",
        scope: `stack ${account.stackName} construct`,
        where: `in stack ${account.stackName}`,
        key: constructId,
        name: constructId,
        origins: providerOrigins,
        shared: `oidc ${provider.issuer}`,
      });
    }
  }
}

/** A consumer id's declarations: the first connector overall, the first per environment, and all of them. */
interface ConsumerHome {
  readonly first: string;
  readonly byEnvironment: Map<string, string>;
  readonly declaredIn: Set<string>;
}

/** Spec fields named by thousands of origins (read-only, so shared). */
const NAME_FIELD = ["name"] as const;
const ID_FIELD = ["id"] as const;

type ConsumerOrigin = (environment: string, consumer: string, connector?: string, field?: readonly string[]) => IdentityOrigin;
type CredentialOrigin = (c: { connectorId: string; name: string }, field?: readonly string[]) => IdentityOrigin;
type EnvOrigin = (environment: string, field?: readonly string[]) => IdentityOrigin;

// long-function: the catalogue of every Vault name one environment creates (mounts, logins, policies, auth roles, engine objects), one entry per name in the order the constructs create them; its sections share one set of scopes, places and origins of the environment's namespace, which split parts would all have to be handed
function addVault(
  out: Collector,
  env: EnvironmentPlan,
  customMetadata: CustomMetadataEntry[],
  consumerOrigin: ConsumerOrigin,
  credentialOrigin: CredentialOrigin,
  envOrigin: EnvOrigin,
): void {
  const vault = env.vault!;
  const cluster = vaultClusterKey(vault.address);
  const namespace = vault.isolation === "namespace" ? (vault.namespace ?? "") : "";
  const base = `vault ${cluster} ns:${namespace}`;
  const space = namespace ? `namespace ${namespace}` : "root namespace";
  const placeOf = memo((detail) => `on the Vault cluster of environment ${env.name}, ${space}${detail ? `, ${detail}` : ""}`);
  const where = (detail?: string) => placeOf(detail ?? "");
  const inStack = `in stack ${env.stackName}`;
  const mountsScope = `${base} mounts`;
  const policyScope = `${base} policy`;
  const kvScope = `${base} mount:${vault.mounts.kv} kv`;
  const kvPlace = where(`KV mount ${vault.mounts.kv}`);
  const pathsScope = `${base} paths`;
  const variableScope = `stack ${env.stackName} variable`;
  const authRoleScope = memo((mountPath) => `${base} auth/${mountPath} role`);
  const authRolePlace = memo((mountPath) => where(`auth mount ${mountPath}`));
  const engineScopes = new Map<string, (mountPath: string) => string>();
  const engineScope = (mountPath: string, kind: string) => {
    let scopeOf = engineScopes.get(kind);
    if (!scopeOf) {
      scopeOf = memo((path) => `${base} mount:${path} ${kind}`);
      engineScopes.set(kind, scopeOf);
    }
    return scopeOf(mountPath);
  };
  const isolation =
    vault.isolation === "namespace" ? envOrigin(env.name, ["vault", "namespace"]) : envOrigin(env.name, ["vault", "mountPrefix"]);
  const lower = (text: string) => text.toLowerCase();
  const envName = envOrigin(env.name, NAME_FIELD);
  const credentials = env.credentials.filter((c) => c.store === "vault" && !c.destroyed);
  const credentialIds = new Set(credentials.map((c) => c.id));
  const accounts = env.serviceAccounts.filter((a) => a.grants.some((g) => credentialIds.has(g.credentialId)));
  const readersById = new Map<string, ServiceAccountPlan[]>();
  for (const account of accounts) {
    for (const grant of account.grants) {
      const list = readersById.get(grant.credentialId);
      if (list) list.push(account);
      else readersById.set(grant.credentialId, [account]);
    }
  }
  const readers = (credential: CredentialPlan): readonly ServiceAccountPlan[] => readersById.get(credential.id) ?? [];

  // Mounts (secret engines) and auth mounts share the namespace's routing table; auth ones live under auth/.
  const mount = (path: string, what: string, origin: IdentityOrigin[]) =>
    out.add({ what, scope: mountsScope, where: where(), key: path, name: path, origins: origin });
  const sources = new Set(credentials.map(credentialSource));
  if (credentials.length > 0) mount(vault.mounts.kv, "Vault KV mount", [isolation]);
  if (sources.has("database-dynamic") || sources.has("database-static")) mount(vault.mounts.database, "Vault database mount", [isolation]);
  if (sources.has("pki"))
    mount(vault.mounts.pki, vault.pkiExternal ? "Vault PKI mount (existing, vault.pki.mount)" : "Vault PKI mount", [
      vault.pkiExternal ? envOrigin(env.name, ["vault", "pki", "mount"]) : isolation,
    ]);
  if (sources.has("ssh-signed")) mount(vault.mounts.ssh, "Vault SSH mount", [isolation]);
  if (sources.has("aws-dynamic")) mount(vault.mounts.aws, "Vault AWS secrets mount", [isolation]);
  if (sources.has("gcp-dynamic")) mount(vault.mounts.gcp, "Vault GCP secrets mount", [isolation]);

  // Logins: the consumers' and the orchestrators' (lib/plan/orchestrator-plan.ts), which may bring a method of their own.
  const orchestrators = env.orchestrators ?? [];
  const logins = [...accounts.map((a) => a.auth), ...orchestrators.map((o) => o.auth)];
  const methods = new Set(logins.map((a) => a.method));
  const broker = env.aws?.vaultBrokerRotation;
  const authMount = (path: string, what: string, origin: IdentityOrigin[]) => mount(`auth/${path}`, what, origin);
  if (methods.has("approle")) authMount(vault.mounts.approle, "Vault AppRole auth mount", [isolation]);
  const watch = planVaultStaticWatch(env);
  const reminders = remindersVaultLogin(env);
  if (methods.has("aws-iam") || broker || watch || reminders) authMount(vault.mounts.awsAuth, "Vault AWS auth mount", [isolation]);
  const clusters = new Set(logins.flatMap((a) => (a.method === "kubernetes" ? [a.cluster ?? "default"] : [])));
  const issuers = new Set(logins.flatMap((a) => (a.method === "jwt" ? [a.issuer] : [])));
  const construct = (id: string, what: string, origin: IdentityOrigin[]) =>
    out.add({ what, scope: `stack ${env.stackName} construct auth`, where: inStack, key: id, name: id, origins: origin });
  for (const name of [...clusters].sort(byText)) {
    const origin = [envOrigin(env.name, ["vault", "auth", "kubernetes"])];
    authMount(vault.mounts.kubernetes[name], `Vault Kubernetes auth mount of cluster ${name}`, origin);
    construct(`kubernetes-${name}`, `Terraform address of the Kubernetes auth mount of cluster ${name}`, origin);
    if (vault.authSettings.kubernetes[name])
      construct(`kubernetes-${name}-config`, `Terraform address of the Kubernetes auth settings of cluster ${name}`, origin);
  }
  for (const issuer of [...issuers].sort(byText)) {
    // The first consumer that names the issuer: two issuers are two spec keys even when their mounts coincide.
    const user = accounts.find((a) => a.auth.method === "jwt" && a.auth.issuer === issuer);
    const origin: IdentityOrigin[] = user
      ? [consumerOrigin(env.name, user.id, user.grants[0]?.connectorId, ["auth", "issuer"])]
      : [
          {
            kind: "orchestrator",
            orchestrator: orchestrators.find((o) => o.auth.method === "jwt" && o.auth.issuer === issuer)!.id,
            field: ["auth", "issuer"],
          },
        ];
    authMount(vault.mounts.jwt[issuer], "Vault JWT auth mount", origin);
    construct(`jwt-${slug(vault.mounts.jwt[issuer])}`, "Terraform address of a JWT auth mount", origin);
  }

  // Policies (Vault lower-cases policy names), identity groups and the MFA enforcement.
  const policy = (name: string, origin: IdentityOrigin[]) =>
    out.add({ what: "Vault policy", scope: policyScope, where: where(), key: lower(name), name, origins: origin });
  for (const account of accounts) {
    policy(vaultNames.consumerPolicy(env.name, account.id), [
      consumerOrigin(env.name, account.id, account.grants[0]?.connectorId),
      envName,
    ]);
  }
  if (env.production && credentials.length > 0) {
    policy(vaultNames.operatorPolicy(env.name), [envName]);
    policy(vaultNames.breakGlassPolicy(env.name), [envName]);
    for (const group of [vaultObjectNames.operatorGroup(env.name), vaultObjectNames.breakGlassGroup(env.name)]) {
      out.add({
        what: "Vault identity group",
        scope: `${base} identity-group`,
        where: where(),
        key: lower(group),
        name: group,
        origins: [envName],
      });
    }
    for (const mfa of [
      vaultObjectNames.breakGlassMfaEnforcement(env.name),
      ...(TIER_CLASSES[env.tier].operatorLoginMfa ? [vaultObjectNames.operatorsMfaEnforcement(env.name)] : []),
    ]) {
      out.add({
        what: "Vault MFA login enforcement",
        scope: `${base} mfa-login-enforcement`,
        where: where(),
        key: lower(mfa),
        name: mfa,
        origins: [envName],
      });
    }
  }
  for (const orchestrator of orchestrators)
    policy(orchestrator.policyName, [{ kind: "orchestrator", orchestrator: orchestrator.id, field: ID_FIELD }, envName]);
  if (broker) policy(broker.policyName, [envName]);
  if (watch) policy(watch.policyName, [envName]);
  if (reminders) policy(reminders.policyName, [envName]);
  // The auditor (etl-secrets audit), in every environment with a Vault side.
  policy(vaultNames.auditorPolicy(env.name), [envName]);
  out.add({
    what: "Vault identity group",
    scope: `${base} identity-group`,
    where: where(),
    key: lower(vaultObjectNames.auditorGroup(env.name)),
    name: vaultObjectNames.auditorGroup(env.name),
    origins: [envName],
  });

  // Auth roles, one namespace per auth mount.
  const authRole = (mountPath: string, name: string, what: string, origin: IdentityOrigin[]) =>
    out.add({ what, scope: authRoleScope(mountPath), where: authRolePlace(mountPath), key: lower(name), name, origins: origin });
  for (const account of accounts) {
    const a = account.auth;
    const origin = [consumerOrigin(env.name, account.id, account.grants[0]?.connectorId, ID_FIELD)];
    const name = vaultNames.authRole(account.id);
    if (a.method === "approle") authRole(vault.mounts.approle, name, "Vault AppRole role", origin);
    else if (a.method === "aws-iam") authRole(vault.mounts.awsAuth, name, "Vault AWS auth role", origin);
    else if (a.method === "kubernetes")
      authRole(vault.mounts.kubernetes[a.cluster ?? "default"], name, "Vault Kubernetes auth role", origin);
    else if (a.method === "jwt") authRole(vault.mounts.jwt[a.issuer], name, "Vault JWT auth role", origin);
  }
  for (const orchestrator of orchestrators) {
    const what = {
      approle: "Vault AppRole role",
      "aws-iam": "Vault AWS auth role",
      kubernetes: "Vault Kubernetes auth role",
      jwt: "Vault JWT auth role",
    }[orchestrator.auth.method];
    authRole(orchestrator.authMount, orchestrator.authRole, what, [
      { kind: "orchestrator", orchestrator: orchestrator.id, field: ID_FIELD },
    ]);
  }
  if (broker) authRole(broker.authMount, broker.authRole, "Vault AWS auth role of the key-broker rotation function", [envName]);
  if (watch) authRole(watch.authMount, watch.authRole, "Vault AWS auth role of the static-role watcher", [envName]);
  if (reminders) authRole(reminders.authMount, reminders.authRole, "Vault AWS auth role of the reminder checker", [envName]);

  // Engine objects of each credential, and its KV path and custom metadata.
  // An existing PKI mount is spec text (vault.pki.mount), never echoed; every other mount path is made of ids.
  const mountText = (mountPath: string) =>
    vault.pkiExternal && mountPath === vault.mounts.pki ? "the existing PKI mount (vault.pki.mount)" : `mount ${mountPath}`;
  const enginePlace = memo((mountPath) => where(mountText(mountPath)));
  const engineObject = (mountPath: string, kind: string, what: string, name: string, origins: IdentityOrigin[]) =>
    out.add({ what, scope: engineScope(mountPath, kind), where: enginePlace(mountPath), key: lower(name), name, origins });
  for (const credential of credentials) {
    const origin = credentialOrigin(credential);
    // One origin list for the credential's own names (read-only, so shared by its entries).
    const own: IdentityOrigin[] = [origin];
    const kvKey = credential.vault!.key;
    out.add({ what: "Vault KV path", scope: kvScope, where: kvPlace, key: kvKey, name: kvKey, origins: own });
    const metadataPath = credential.vault!.metadataPath;
    out.add({ what: "Vault KV metadata path", scope: pathsScope, where: where(), key: metadataPath, name: metadataPath, origins: own });
    customMetadata.push({
      environment: env.name,
      connector: credential.connectorId,
      credential: credential.name,
      metadata: credential.vault!.customMetadata,
    });

    switch (credentialSource(credential)) {
      case "database-dynamic":
      case "database-static": {
        const db = vault.mounts.database;
        engineObject(
          db,
          "connection",
          "Vault database connection",
          vaultNames.databaseConnection(credential.connectorId, credential.name),
          own,
        );
        const variable = vaultObjectNames.bootstrapPasswordVariable(credential.connectorId, credential.name);
        out.add({
          what: "Terraform variable of a bootstrap password",
          scope: variableScope,
          where: inStack,
          key: variable,
          name: variable,
          origins: own,
        });
        // Vault keeps roles and static roles of one database mount in one namespace of names.
        if (credentialSource(credential) === "database-static") {
          engineObject(db, "role", "Vault database static role", vaultNames.staticRole(credential.connectorId, credential.name), own);
          break;
        }
        // Construct ids of the roles inside the credential's scope (lib/constructs/vault/database-credentials.ts).
        const roleConstruct = (id: string, what: string, origins: IdentityOrigin[]) =>
          out.add({
            what,
            scope: `stack ${env.stackName} construct ${credential.connectorId}/${credential.name}/database`,
            where: `in stack ${env.stackName}`,
            key: id,
            name: id,
            origins,
          });
        for (const account of readers(credential)) {
          const origins = [consumerOrigin(env.name, account.id, credential.connectorId, ID_FIELD), origin];
          engineObject(
            db,
            "role",
            "Vault database role",
            vaultNames.databaseRole(credential.connectorId, credential.name, account.id),
            origins,
          );
          roleConstruct(`role-${account.id}`, "Terraform address of a consumer's database role", origins);
        }
        if (env.production) {
          engineObject(
            db,
            "role",
            "Vault database role of operators",
            vaultObjectNames.humanDatabaseRole(credential.connectorId, credential.name),
            own,
          );
          roleConstruct("role-people", "Terraform address of the operators' database role", own);
        }
        break;
      }
      case "pki":
        engineObject(vault.mounts.pki, "role", "Vault PKI role", vaultNames.pkiRole(credential.connectorId, credential.name), own);
        break;
      case "ssh-signed":
        for (const account of readers(credential)) {
          engineObject(
            vault.mounts.ssh,
            "role",
            "Vault SSH role",
            vaultNames.sshRole(credential.connectorId, credential.name, account.id),
            [consumerOrigin(env.name, account.id, credential.connectorId, ID_FIELD), origin],
          );
        }
        break;
      case "aws-dynamic":
        engineObject(
          vault.mounts.aws,
          "role",
          "Vault AWS secrets role",
          vaultNames.cloudRole(credential.connectorId, credential.name),
          own,
        );
        break;
      case "gcp-dynamic":
        engineObject(vault.mounts.gcp, "roleset", "Vault GCP roleset", vaultNames.cloudRole(credential.connectorId, credential.name), own);
        break;
      default:
        break;
    }
  }
}

// long-function: the catalogue of every AWS name one environment creates, one entry per name in the order the constructs create them; a table read top to bottom
function addAws(
  out: Collector,
  env: EnvironmentPlan,
  inventory: Inventory,
  consumerOrigin: ConsumerOrigin,
  credentialOrigin: CredentialOrigin,
  envOrigin: EnvOrigin,
): void {
  const aws = env.aws!;
  const organization = inventory.organization;
  const where = `in AWS account ${aws.accountId}`;
  const iam = `aws ${aws.accountId} iam-role`;
  const regional = memo((service) => `aws ${aws.accountId} ${aws.region} ${service}`);
  const regionalPlace = `${where}, ${aws.region}`;
  const envName = envOrigin(env.name, NAME_FIELD);
  const named: IdentityOrigin[] = [{ kind: "organization" }, envName];
  const role = (name: string, origins: IdentityOrigin[], policies: readonly string[]) => {
    out.add({ what: "IAM role", scope: iam, where, key: name.toLowerCase(), name, origins, max: chars(LIMIT.iamRole) });
    for (const policy of policies) {
      out.add({
        what: "IAM role policy",
        scope: `${iam}:${name.toLowerCase()} policy`,
        where: "on the same IAM role",
        key: policy.toLowerCase(),
        name: policy,
        origins,
        max: chars(LIMIT.iamInlinePolicy),
      });
    }
  };
  const regionalName = (what: string, service: string, name: string, origins: IdentityOrigin[], limit: number) =>
    out.add({ what, scope: regional(service), where: regionalPlace, key: name, name, origins, max: chars(limit) });

  out.add({
    what: "KMS alias",
    scope: regional("kms-alias"),
    where: regionalPlace,
    key: aws.secretsKeyAlias,
    name: aws.secretsKeyAlias,
    origins: named,
    max: chars(LIMIT.kmsAlias),
  });
  out.add({
    what: "KMS alias",
    scope: regional("kms-alias"),
    where: regionalPlace,
    key: aws.logsKeyAlias,
    name: aws.logsKeyAlias,
    origins: named,
    max: chars(LIMIT.kmsAlias),
  });

  for (const secret of aws.secrets) {
    regionalName(
      "Secrets Manager secret",
      "secretsmanager",
      secret.secretName,
      [credentialOrigin({ connectorId: secret.connectorId, name: secret.credentialName })],
      LIMIT.secretsManager,
    );
  }
  const lambda = (
    fn: { functionName: string; roleName: string; logGroupName: string; deadLetterQueueName: string },
    origins: IdentityOrigin[],
  ) => {
    regionalName("Lambda function", "lambda", fn.functionName, origins, LIMIT.lambda);
    regionalName("CloudWatch log group", "log-group", fn.logGroupName, origins, LIMIT.logGroup);
    regionalName("SQS queue", "sqs", fn.deadLetterQueueName, origins, LIMIT.sqs);
    role(fn.roleName, origins, [fn.roleName]);
  };
  for (const fn of aws.rotationFunctions) lambda(fn, named);
  lambda(rotationNotifierNames(organization, env.name), named);
  const watch = rotationWatchFunction(env);
  if (watch) lambda(watch, named);
  for (const name of rotationWatchAwsIdentities(env)) regionalName(name.what, name.service, name.name, named, name.limit);
  const checker = remindersFunction(env);
  if (checker) lambda(checker, named);
  for (const name of remindersAwsIdentities(env)) regionalName(name.what, name.service, name.name, named, name.limit);

  const accountsById = new Map(env.serviceAccounts.map((a) => [a.id, a]));
  const credentialsById = new Map(env.credentials.map((c) => [c.id, c]));
  for (const consumer of aws.consumerRoles) {
    const auth = accountsById.get(consumer.consumerId)?.auth;
    const namedBySpec = auth?.method === "aws-iam" && auth.roleName !== undefined;
    const origins = [consumerOrigin(env.name, consumer.consumerId, undefined, namedBySpec ? ["auth", "roleName"] : ID_FIELD), envName];
    if (consumer.kind === "created") role(consumer.roleName, origins, [consumer.policyName]);
    else
      out.add({
        what: "IAM role policy",
        scope: `${iam}:${consumer.roleName.toLowerCase()} policy`,
        where: "on the same IAM role",
        key: consumer.policyName.toLowerCase(),
        name: consumer.policyName,
        origins,
        max: chars(LIMIT.iamInlinePolicy),
      });
  }
  for (const cloud of aws.cloudRoles) {
    const credential = credentialsById.get(cloud.credentialId)!;
    const namedBySpec = credential.credential.type === "cloud-role" && credential.credential.roleName !== undefined;
    role(cloud.roleName, [credentialOrigin(credential, namedBySpec ? ["roleName"] : undefined), envName], [cloud.policyName]);
  }
  // Roles Vault's AWS engine assumes for dynamic keys (lib/plan/vault-engine-roles.ts).
  if (env.vault) {
    for (const credential of env.credentials) {
      const spec = credential.credential;
      if (
        credential.store !== "vault" ||
        credential.destroyed ||
        spec.type !== "cloud-access-key" ||
        spec.provider !== "aws" ||
        spec.mode !== "dynamic"
      )
        continue;
      if (!spec.roleName || !spec.allow) continue;
      const roleName = awsNames.specNamedRole(spec.roleName, env.name);
      role(roleName, [credentialOrigin(credential, ["roleName"]), envName], [awsNames.vaultEngineRolePolicy(roleName)]);
    }
  }
  if (aws.breakGlass) role(aws.breakGlass.roleName, named, [aws.breakGlass.roleName]);
  role(awsNames.auditorRole(organization, env.name), named, [awsNames.auditorRole(organization, env.name)]);

  const detection = aws.detection;
  regionalName("SNS topic", "sns", detection.alarmTopic, named, LIMIT.sns);
  regionalName("SNS topic", "sns", detection.rotatedTopic, named, LIMIT.sns);
  for (const signal of DETECTION_SIGNAL_IDS) {
    const name = `${detection.namePrefix}${signal}`;
    out.add({
      what: "CloudWatch metric filter",
      scope: `${regional("metric-filter")}:${detection.trailLogGroup}`,
      where: `on log group ${detection.trailLogGroup}`,
      key: name,
      name,
      origins: named,
      max: chars(LIMIT.metricFilter),
    });
    regionalName("CloudWatch alarm", "alarm", name, named, LIMIT.alarm);
  }
  for (const rule of DETECTION_RULES)
    regionalName("EventBridge rule", "event-rule", `${detection.namePrefix}${rule}`, named, LIMIT.eventRule);
  for (const dashboard of aws.dashboards) regionalName("CloudWatch dashboard", "dashboard", dashboard.name, named, LIMIT.dashboard);
  const broker = env.aws?.vaultBrokerRotation;
  for (const schedule of broker?.schedules ?? []) regionalName("EventBridge rule", "event-rule", schedule.ruleName, named, LIMIT.eventRule);
}

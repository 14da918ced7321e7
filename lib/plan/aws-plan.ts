import {
  DEFAULT_RETENTION_DAYS,
  NON_PRODUCTION_RETENTION_DAYS,
  REGULATION_RETENTION_DAYS,
  SENSITIVITY_CLASSES,
  TIER_CLASSES,
  type Regulation,
} from "../spec/class-defaults";
import type { ConsumerAuth, Environment, Inventory } from "../spec/model";
import { byText, sortBy } from "./compare";
import { planAccessAnomaly, SECRET_READS_METRIC_NAME, securityEmailOf } from "./access-anomaly";
import { auditorLogReadOf } from "./auditor-log-read";
import { accessAnomalyNames, awsNames, oidcProviderHost } from "./names";
import { isVaultBrokerRotated, VAULT_BROKER_ROTATION_TARGET } from "./vault-broker-rotation";
import type {
  AwsAlarmRecipient,
  AwsCloudRolePlan,
  AwsConsumerRolePlan,
  AwsDashboardPlan,
  AwsEnvironmentDetail,
  AwsOidcProviderPlan,
  AwsRotationFunctionPlan,
  AwsSecretPlan,
  AwsTrailPlan,
  AwsTrustPlan,
} from "./aws-types";
import type { CredentialPlan, ServiceAccountPlan } from "./types";

/**
 * Connectors per dashboard. Each connector row is one Logs Insights widget (one query when the
 * dashboard loads); 20 keeps a dashboard's queries under the account's concurrent-query quota (30)
 * and its body far below the 1 MB limit.
 */
export const DASHBOARD_CONNECTORS_PER_PART = 20;

/**
 * Principal tag that names the consumer a principal works for. A created consumer role that trusts
 * no service and no third-party account trusts its own account only for principals carrying
 * `etl-consumer = <consumer id>` AND `environment = <environment>`: the account root alone would let
 * every role and user of the account (other consumers, other environments) assume it.
 */
export const CONSUMER_PRINCIPAL_TAG = "etl-consumer";

/** Days after which incomplete multipart uploads to the audit buckets are aborted. */
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

/** Break-glass sessions: one hour, MFA at most one hour old. */
export const BREAK_GLASS_SESSION_SECONDS = 3600;

/** Declared in aws-types.ts (with the types it holds), so types.ts needs no import of this file. */
export type { AwsEnvironmentDetail } from "./aws-types";

export function awsPartition(region: string): string {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  return "aws";
}

/**
 * A value built on its first read, once. Validation reads only the plan's names; fields that carry
 * none (tags, trusts, permissions, readers, alarm recipients) are built when synth first reads them.
 */
function once<T>(build: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = build();
      done = true;
    }
    return value;
  };
}

function sorted(values: Iterable<string>): string[] {
  // Most lists here have one element or none: nothing to dedupe or sort; a set has no duplicates.
  if (Array.isArray(values) && values.length < 2) return values.slice();
  if (values instanceof Set) return [...values].sort(byText);
  return [...new Set(values)].sort(byText);
}

function audiences(auth: Extract<ConsumerAuth, { method: "jwt" }>): string[] {
  return sorted(Array.isArray(auth.audience) ? auth.audience : [auth.audience]);
}

function oidcTrust(partition: string, accountId: string, auth: Extract<ConsumerAuth, { method: "jwt" }>): AwsTrustPlan {
  return {
    kind: "oidc",
    providerArn: awsNames.oidcProviderArn(partition, accountId, auth.issuer),
    providerHost: oidcProviderHost(auth.issuer),
    subject: auth.subject,
    audiences: audiences(auth),
  };
}

function trustKey(trust: AwsTrustPlan): string {
  switch (trust.kind) {
    case "service":
      return `service:${trust.service}`;
    case "account":
      return trust.principalTags ? `account:${trust.accountId}:${JSON.stringify(Object.entries(trust.principalTags).sort())}` : `account:${trust.accountId}`;
    case "oidc":
      return `oidc:${trust.providerHost}:${trust.subject}`;
    case "consumer-role":
      return `consumer-role:${trust.consumerId}`;
  }
}

type CloudRoleSpec = Extract<CredentialPlan["credential"], { type: "cloud-role" }>;

/** Everything the AWS constructs render for one environment (environment.aws must be set). */
export function planAwsEnvironmentDetail(
  inventory: Inventory,
  environment: Environment,
  credentials: readonly CredentialPlan[],
  serviceAccounts: readonly ServiceAccountPlan[],
): AwsEnvironmentDetail {
  const aws = environment.aws!;
  const organization = inventory.organization;
  const env = environment.name;
  const partition = awsPartition(aws.region);
  const production = environment.tier === "production";
  const tier = TIER_CLASSES[environment.tier];
  const awsCredentials = credentials.filter((c) => c.aws);
  const stored = awsCredentials.filter((c) => c.aws!.storesSecret);
  const storedIds = new Set(stored.map((c) => c.id));
  const byId = new Map(awsCredentials.map((c) => [c.id, c]));
  const auditLog = auditorLogReadOf(inventory, environment, partition);

  // Consumers of AWS credentials: grants restricted to this environment's AWS credentials.
  const awsAccounts = serviceAccounts
    .map((account) => ({ account, grants: account.grants.filter((g) => byId.has(g.credentialId)) }))
    .filter(({ grants }) => grants.length > 0);

  // Rotation: which target rotates each secret, which masters each function reads.
  const rotationTarget = (plan: CredentialPlan): string | undefined =>
    (plan.rotation.mode === "secrets-manager" || plan.rotation.mode === "broker") && plan.rotation.target ? plan.rotation.target : undefined;
  const masterOf = new Map<string, Set<string>>();
  const storedByConnector = new Map<string, CredentialPlan[]>();
  for (const plan of stored) {
    const list = storedByConnector.get(plan.connectorId);
    if (list) list.push(plan);
    else storedByConnector.set(plan.connectorId, [plan]);
  }
  const functions = new Map<string, { rotates: string[]; masters: Set<string>; passwordLength: number; plaintext?: boolean }>();
  for (const plan of stored) {
    const target = rotationTarget(plan);
    if (!target) continue;
    const fn = functions.get(target) ?? { rotates: [], masters: new Set<string>(), passwordLength: 0 };
    fn.rotates.push(plan.id);
    fn.passwordLength = Math.max(fn.passwordLength, SENSITIVITY_CLASSES[plan.register.sensitivity].passwordLength);
    if (plan.credential.type === "rotated-password" && plan.credential.allowPlaintext === true) fn.plaintext = true;
    if (plan.credential.type === "rotated-password" && plan.credential.strategy === "alternating-users" && plan.credential.master) {
      const masterConnector = plan.credential.master;
      for (const master of storedByConnector.get(masterConnector) ?? []) {
        fn.masters.add(master.id);
        masterOf.set(master.id, (masterOf.get(master.id) ?? new Set()).add(target));
      }
    }
    functions.set(target, fn);
  }
  // Vault-stored broker credentials are rotated by the same key-broker function, on a schedule.
  if (environment.vault && credentials.some(isVaultBrokerRotated) && !functions.has(VAULT_BROKER_ROTATION_TARGET)) {
    functions.set(VAULT_BROKER_ROTATION_TARGET, { rotates: [], masters: new Set<string>(), passwordLength: 0 });
  }
  const rotationFunctions: AwsRotationFunctionPlan[] = [...functions.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([target, fn]) => {
      const functionName = awsNames.rotationFunction(organization, env, target);
      return {
        target,
        functionName,
        roleName: awsNames.rotationRole(organization, env, target),
        logGroupName: awsNames.lambdaLogGroup(functionName),
        deadLetterQueueName: awsNames.rotationDeadLetterQueue(functionName),
        rotates: sorted(fn.rotates),
        readsMasters: sorted(fn.masters),
        passwordLength: fn.passwordLength,
        ...(fn.plaintext ? { allowsPlaintextDatabase: true } : {}),
      };
    });

  const readersIndex = once(() => {
    const readers = new Map<string, Set<string>>();
    for (const { account, grants } of awsAccounts) {
      for (const grant of grants) {
        if (!storedIds.has(grant.credentialId)) continue;
        readers.set(grant.credentialId, (readers.get(grant.credentialId) ?? new Set()).add(account.id));
      }
    }
    return readers;
  });

  const secrets: AwsSecretPlan[] = stored.map((plan) => {
    const target = rotationTarget(plan);
    const days = plan.rotation.days ?? SENSITIVITY_CLASSES[plan.register.sensitivity].rotationDefaultDays;
    const masterOfIt = once(() => sorted(masterOf.get(plan.id) ?? []));
    const readersOfIt = once(() => sorted(readersIndex().get(plan.id) ?? []));
    return {
      credentialId: plan.id,
      connectorId: plan.connectorId,
      credentialName: plan.name,
      secretName: plan.aws!.secretName,
      description: plan.register.purpose,
      recoveryWindowDays: plan.aws!.recoveryWindowDays,
      get tags() {
        return plan.aws!.tags;
      },
      preventDestroy: production,
      quarantined: plan.quarantined,
      rotation: target
        ? {
            target,
            // Quarantined: rotate now and every day until the owner lifts the quarantine.
            days: plan.quarantined ? 1 : days,
            enabled: plan.rotation.enabled,
            immediately: plan.quarantined,
          }
        : undefined,
      get masterOf() {
        return masterOfIt();
      },
      get readers() {
        return readersOfIt();
      },
    };
  });

  // Consumer roles: a role for every consumer that reads a secret or names a role. An aws-iam
  // consumer with `roleName` that reads only Vault credentials gets its role too: Vault's AWS auth
  // binds `<roleName>-<environment>` in this account, so the role must exist, with its declared trust.
  // Indexed only when an account may need it (a named aws-iam role): most environments have none.
  const vaultIds = once(() => new Set(credentials.filter((c) => c.vault !== undefined).map((c) => c.id)));
  const awsAccountIds = new Set(awsAccounts.map(({ account }) => account.id));
  const vaultOnlyNamedRoles = serviceAccounts
    .filter((account) => account.auth.method === "aws-iam" && account.auth.roleName !== undefined && !account.auth.roleArn)
    .filter((account) => !awsAccountIds.has(account.id))
    .filter((account) => account.grants.some((g) => vaultIds().has(g.credentialId)))
    .map((account) => ({ account, grants: [] as ServiceAccountPlan["grants"] }));
  const consumerRoles: AwsConsumerRolePlan[] = [];
  const hasRole = new Set<string>();
  for (const { account, grants } of [...awsAccounts, ...vaultOnlyNamedRoles]) {
    const auth = account.auth;
    const namesRole = auth.method === "aws-iam" && (auth.roleName !== undefined || auth.roleArn !== undefined);
    if (!namesRole && !grants.some((g) => storedIds.has(g.credentialId))) continue;
    if (auth.method !== "aws-iam" && auth.method !== "jwt") continue;
    // Whether the role exists and its names are decided here; what it reads, writes back and
    // assumes, its description and trust only synth reads: built on first read, once.
    const reads = once(() => sorted(grants.filter((g) => storedIds.has(g.credentialId)).map((g) => g.credentialId)));
    const writesBack = once(() => sorted(grants.filter((g) => storedIds.has(g.credentialId) && g.writeBack).map((g) => g.credentialId)));
    const assumes = once(() => sorted(grants.filter((g) => byId.get(g.credentialId)?.type === "cloud-role").map((g) => g.credentialId)));
    const description = once(() => account.descriptions.join("; ") || `Consumer ${account.id}`);
    const consumerId = account.id;
    const policyName = awsNames.consumerPolicy(organization, env, account.id);
    hasRole.add(account.id);
    if (auth.method === "aws-iam" && auth.roleArn) {
      consumerRoles.push({
        consumerId,
        policyName,
        get description() {
          return description();
        },
        get reads() {
          return reads();
        },
        get writesBack() {
          return writesBack();
        },
        get assumes() {
          return assumes();
        },
        kind: "existing",
        roleName: auth.roleArn.slice(auth.roleArn.lastIndexOf("/") + 1),
        roleArn: auth.roleArn,
      });
      continue;
    }
    const trust = once(
      (): AwsTrustPlan =>
        auth.method === "jwt"
          ? oidcTrust(partition, aws.accountId, auth)
          : auth.trustedService
            ? { kind: "service", service: auth.trustedService }
            : auth.trustedAccount
              ? { kind: "account", accountId: auth.trustedAccount, ...(auth.externalId ? { externalId: auth.externalId } : {}) }
              : { kind: "account", accountId: aws.accountId, principalTags: { [CONSUMER_PRINCIPAL_TAG]: account.id, environment: env } },
    );
    consumerRoles.push({
      consumerId,
      policyName,
      get description() {
        return description();
      },
      get reads() {
        return reads();
      },
      get writesBack() {
        return writesBack();
      },
      get assumes() {
        return assumes();
      },
      kind: "created",
      roleName:
        auth.method === "aws-iam" && auth.roleName ? awsNames.specNamedRole(auth.roleName, env) : awsNames.consumerRole(organization, env, account.id),
      get trust() {
        return trust();
      },
    });
  }

  // Cloud roles: trust each consumer (its role when it has one, else its account or identity), in
  // the order of the consumers; who is granted each credential is indexed once (when synth first
  // reads a trust), not searched per role.
  const grantedIndex = once(() => {
    const granted = new Map<string, (typeof awsAccounts)[number][]>();
    for (const entry of awsAccounts) {
      for (const grant of entry.grants) {
        const list = granted.get(grant.credentialId);
        if (!list) granted.set(grant.credentialId, [entry]);
        else if (list[list.length - 1] !== entry) list.push(entry);
      }
    }
    return granted;
  });
  const cloudRoles: AwsCloudRolePlan[] = awsCredentials
    .filter((plan) => plan.credential.type === "cloud-role")
    .map((plan) => {
      const credential = plan.credential as CloudRoleSpec;
      const trusts = once(() => cloudRoleTrusts(plan, credential));
      const allow = once(() =>
        Object.fromEntries(
          Object.keys(credential.allow)
            .sort(byText)
            .map((action) => [action, sorted(credential.allow[action])]),
        ),
      );
      return {
        credentialId: plan.id,
        connectorId: plan.connectorId,
        roleName: credential.roleName ? awsNames.specNamedRole(credential.roleName, env) : awsNames.cloudRole(organization, env, plan.connectorId, plan.name),
        policyName: awsNames.cloudRole(organization, env, plan.connectorId, `${plan.name}-allow`),
        description: plan.register.purpose,
        get trusts() {
          return trusts();
        },
        get allow() {
          return allow();
        },
        get tags() {
          return plan.aws!.tags;
        },
        preventDestroy: production,
      };
    });
  function cloudRoleTrusts(plan: CredentialPlan, credential: CloudRoleSpec): AwsTrustPlan[] {
    const trusts = new Map<string, AwsTrustPlan>();
    const add = (trust: AwsTrustPlan) => trusts.set(trustKey(trust), trust);
    if (credential.trustedAccount) add({ kind: "account", accountId: credential.trustedAccount, externalId: credential.externalId });
    for (const { account } of grantedIndex().get(plan.id) ?? []) {
      const auth = account.auth;
      if (hasRole.has(account.id)) add({ kind: "consumer-role", consumerId: account.id });
      else if (auth.method === "jwt") add(oidcTrust(partition, aws.accountId, auth));
      else if (auth.method === "aws-iam" && auth.trustedService) add({ kind: "service", service: auth.trustedService });
      else if (auth.method === "aws-iam" && auth.trustedAccount) add({ kind: "account", accountId: auth.trustedAccount, externalId: auth.externalId ?? credential.externalId });
      else if (auth.method === "aws-iam")
        add({ kind: "account", accountId: aws.accountId, externalId: credential.externalId, principalTags: { [CONSUMER_PRINCIPAL_TAG]: account.id, environment: env } });
    }
    return sortBy([...trusts.values()], trustKey);
  }

  const ownersById = once(() => new Map(inventory.owners.map((owner) => [owner.id, owner])));
  const recipientsOf = (of: readonly CredentialPlan[]): AwsAlarmRecipient[] => {
    const owners = ownersById();
    return sorted(of.map((c) => c.register.owner))
      .filter((id) => owners.has(id))
      .map((id) => ({ ownerId: id, email: owners.get(id)!.email }));
  };
  const recipients = once(() => recipientsOf(awsCredentials));
  // Every credential's owner, both stores: whom rotation reminders go to.
  const reminderOwners = once(() => recipientsOf(credentials));
  const existingReaderArns = once(() => sorted(consumerRoles.filter((r) => r.kind === "existing" && r.reads.length > 0).map((r) => r.roleArn!)));
  const connectorIds = sorted(stored.map((c) => c.connectorId));
  const dashboards: AwsDashboardPlan[] = [];
  for (let part = 0; part * DASHBOARD_CONNECTORS_PER_PART < connectorIds.length; part++) {
    dashboards.push({
      part,
      name: awsNames.dashboard(organization, env, part),
      connectorIds: connectorIds.slice(part * DASHBOARD_CONNECTORS_PER_PART, (part + 1) * DASHBOARD_CONNECTORS_PER_PART),
    });
  }

  return {
    partition,
    iamPath: awsNames.iamPath(organization, env),
    secretArnPrefix: `arn:${partition}:secretsmanager:${aws.region}:${aws.accountId}:secret:${organization}/${env}/`,
    secrets,
    rotationFunctions,
    consumerRoles: sortBy(consumerRoles, (role) => role.consumerId),
    cloudRoles,
    breakGlass: tier.breakGlass
      ? {
          roleName: awsNames.breakGlassRole(organization, env),
          maxSessionSeconds: BREAK_GLASS_SESSION_SECONDS,
          mfaMaxAgeSeconds: BREAK_GLASS_SESSION_SECONDS,
        }
      : undefined,
    detection: {
      alarmTopic: awsNames.alarmTopic(organization, env),
      rotatedTopic: awsNames.rotatedTopic(organization, env),
      metricNamespace: awsNames.metricNamespace(organization, env),
      trailLogGroup: awsNames.trailLogGroup(organization),
      get recipients() {
        return recipients();
      },
      get existingReaderArns() {
        return existingReaderArns();
      },
      namePrefix: awsNames.detection(organization, env, ""),
      anomaly: planAccessAnomaly(accessAnomalyNames.secretReadsFilter(organization, env), awsNames.metricNamespace(organization, env), SECRET_READS_METRIC_NAME, environment.hours),
      ...(securityEmailOf(inventory) ? { securityEmail: securityEmailOf(inventory) } : {}),
    },
    dashboards,
    ...(auditLog ? { auditLog } : {}),
    get owners() {
      return reminderOwners();
    },
    rotationVpc: aws.rotation && {
      subnetIds: sorted(aws.rotation.subnetIds),
      securityGroupIds: sorted(aws.rotation.securityGroupIds),
    },
  };
}

/** The longest Object Lock retention any regulation of the account needs (production), else 90 days of GOVERNANCE. */
export function objectLockFor(production: boolean, regulations: readonly Regulation[]): AwsTrailPlan["objectLock"] {
  if (!production) return { mode: "GOVERNANCE", days: NON_PRODUCTION_RETENTION_DAYS };
  const days = Math.max(DEFAULT_RETENTION_DAYS, ...regulations.map((r) => REGULATION_RETENTION_DAYS[r] ?? DEFAULT_RETENTION_DAYS));
  return { mode: "COMPLIANCE", days };
}

export function planAwsTrail(organization: string, accountId: string, production: boolean, regulations: readonly Regulation[]): AwsTrailPlan {
  const tier = TIER_CLASSES[production ? "production" : "non-production"];
  const objectLock = objectLockFor(production, regulations);
  return {
    trailName: awsNames.trail(organization),
    bucketName: awsNames.trailBucket(organization, accountId),
    keyAlias: awsNames.trailKeyAlias(organization),
    logGroupName: awsNames.trailLogGroup(organization),
    logsRoleName: awsNames.trailLogsRole(organization),
    topicName: awsNames.trailTopic(organization),
    objectLock,
    // A noncurrent version cannot be removed before its retention ends anyway; after it, it goes.
    lifecycle: { noncurrentVersionDays: objectLock.days, abortIncompleteUploadDays: ABORT_INCOMPLETE_UPLOAD_DAYS },
    accessLogs: { bucketName: awsNames.trailAccessLogBucket(organization, accountId), prefix: `${awsNames.trailBucket(organization, accountId)}/`, expirationDays: objectLock.days },
    logRetentionDays: tier.logRetentionDays,
    kmsDeletionWindowDays: tier.kmsDeletionWindowDays,
    preventDestroy: tier.preventDestroy,
  };
}

/** OIDC providers the account needs: issuers of jwt consumers of AWS-stored credentials in its environments. */
export function planOidcProviders(inventory: Inventory, accountId: string, environments: readonly Environment[]): AwsOidcProviderPlan[] {
  const names = [...new Set(environments.map((env) => env.name))];
  const partition = awsPartition(environments[0]?.aws?.region ?? "");
  const byIssuer = new Map<string, Set<string>>();
  for (const connector of inventory.connectors) {
    if (connector.store !== "aws" || !names.some((name) => Object.hasOwn(connector.environments, name))) continue;
    if (connector.lifecycle.state === "retired") continue;
    for (const consumer of connector.consumers) {
      if (consumer.auth.method !== "jwt") continue;
      const host = oidcProviderHost(consumer.auth.issuer);
      const set = byIssuer.get(host) ?? new Set<string>();
      audiences(consumer.auth).forEach((a) => set.add(a));
      byIssuer.set(host, set);
    }
  }
  return [...byIssuer.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([host, auds]) => ({
      issuer: `https://${host}`,
      host,
      arn: awsNames.oidcProviderArn(partition, accountId, `https://${host}`),
      audiences: sorted(auds),
    }));
}

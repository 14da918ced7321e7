/*
 * The intent manifest from the plan: what the inventory grants, stated in the analysis' own
 * vocabulary (locations, capabilities, actions). It never reads a policy builder's output: simulate
 * compares the synthesized policies with this, so deriving one from the other would prove nothing.
 */
import { sortBy, byText } from "../plan/compare";
import { vaultLoginMount } from "../plan/orchestrator-plan";
import { awsNames, vaultNames, vaultObjectNames, vaultPaths } from "../plan/names";
import type { CredentialPlan, EnvironmentPlan, InventoryPlan, ServiceAccountPlan, VaultEnvironmentPlan } from "../plan/types";
import { credentialSource, vaultCredentials } from "../policy/vault/credential-paths";
import { isVaultServiceAccount } from "../policy/vault/consumer-policy";
import { auditorPolicyRules } from "../policy/vault/auditor-policy";
import { REMINDERS_KEY } from "../plan/notifier-names";
import { planReminders } from "../plan/reminder-plan";
import { drillableAwsSecrets, drillableStaticRoles, hasAwsDrillIdentity, hasVaultDrillIdentity } from "../plan/identity/drill";
import { DRILL_SECRET_ACTIONS } from "../policy/aws/drill-policy";
import type { AwsTrustPlan } from "../plan/aws-types";
import { SENSITIVITY_CLASSES } from "../inventory/class-defaults";
import type { BoundaryException } from "../inventory/schema/exception";
import { isDisplayableId, shownAs } from "../inventory/display";
import { canonicalRoleArn, partitionOf, principalIds, resourceIds, syntheticSecretArn, vaultCluster } from "./ids";
import {
  INTENT_FORMAT,
  type IntentCredential,
  type IntentEnvironment,
  type IntentException,
  type IntentGrant,
  type IntentLocation,
  type IntentManifest,
  type IntentMint,
  type IntentPrincipal,
  type IntentSuppression,
  type IntentVaultLocation,
  type VaultPathKind,
} from "./types";

/** What reading a Secrets Manager secret takes; decrypting happens through Secrets Manager. */
export const AWS_READ_ACTIONS = ["kms:Decrypt", "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"] as const;
/** Writing a consumer's own rotating refresh token back. */
export const AWS_WRITE_BACK_ACTIONS = ["kms:GenerateDataKey", "secretsmanager:PutSecretValue"] as const;
/** A rotation function's four steps on the secret it rotates. */
export const AWS_ROTATION_ACTIONS = [
  "kms:Decrypt",
  "kms:GenerateDataKey",
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetSecretValue",
  "secretsmanager:PutSecretValue",
  "secretsmanager:UpdateSecretVersionStage",
] as const;
/** Break-glass: read, restore, re-seed and rotate every secret of its environment (MFA). */
export const AWS_BREAK_GLASS_ACTIONS = [
  "kms:Decrypt",
  "kms:GenerateDataKey",
  "secretsmanager:CancelRotateSecret",
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetSecretValue",
  "secretsmanager:ListSecretVersionIds",
  "secretsmanager:PutSecretValue",
  "secretsmanager:RestoreSecret",
  "secretsmanager:RotateSecret",
] as const;

type Human = "operator" | "break-glass";

/**
 * The manifest of a plan; `exceptions` are the inventory's declared boundary exceptions (carried
 * as data, so `simulate` needs no inventory).
 */
export function buildIntentManifest(
  plan: InventoryPlan,
  exceptions: readonly BoundaryException[] = [],
  suppressions: readonly Suppression[] = [],
): IntentManifest {
  const stacks = [
    ...plan.environments.map((env) => env.stackName),
    ...plan.vaultClusters.map((cluster) => cluster.stackName),
    ...plan.awsAccounts.map((account) => account.stackName),
  ];
  return {
    format: INTENT_FORMAT,
    organization: plan.organization,
    stacks: [...new Set(stacks)].sort(byText),
    environments: sortBy(plan.environments, (env) => env.name).map(intentEnvironment),
    ...(exceptions.length > 0 ? { exceptions: sortBy(exceptions, (e) => e.id).map((e) => intentException(plan.environments, e)) } : {}),
    ...(suppressions.length > 0 ? { suppressions: intentSuppressions(suppressions) } : {}),
  };
}

/** A check suppression as declared, for the review. */
export interface Suppression {
  readonly rule: string;
  readonly target?: string;
}

/** Rule and target as display rules allow them (never the free-text reason), sorted, duplicates merged. */
export function intentSuppressions(suppressions: readonly Suppression[]): IntentSuppression[] {
  const byKey = new Map<string, IntentSuppression>();
  for (const s of suppressions) {
    const rule = shownAs("rule-id", s.rule);
    const target = s.target === undefined ? undefined : shownAs("check-target", s.target);
    byKey.set(JSON.stringify([rule, target ?? ""]), { rule, ...(target !== undefined ? { target } : {}) });
  }
  return [...byKey.entries()].sort(([a], [b]) => byText(a, b)).map(([, v]) => v);
}

/** The connector's owner, class and regulations, for the review (owner only when display rules show it). */
function registerOf(credential: CredentialPlan): Pick<IntentCredential, "owner" | "sensitivity" | "regulations"> {
  const { owner, sensitivity, regulations } = credential.register;
  return { ...(isDisplayableId(owner) ? { owner } : {}), sensitivity, regulations: [...regulations].sort(byText) };
}

/** An exception with the roles of its environment (one of `environments`) that cross exactly its boundary to its target. */
export function intentException(environments: readonly EnvironmentPlan[], exception: BoundaryException): IntentException {
  const env = environments.find((e) => e.name === exception.environment);
  const aws = env?.aws;
  const principals: string[] = [];
  if (env && aws) {
    const role = (name: string) => principalIds.iamRole(partitionOf(aws.region), aws.accountId, name);
    const ofConnector = (credentialId: string) => credentialId.split("/")[0] === exception.connector;
    const trusts = (trust: AwsTrustPlan | undefined) => trust?.kind === "account" && trust.accountId === exception.target;
    const credentialId = exception.credential === undefined ? undefined : `${exception.connector}/${exception.credential}`;
    for (const cloudRole of aws.cloudRoles) {
      if (cloudRole.connectorId !== exception.connector || (credentialId !== undefined && cloudRole.credentialId !== credentialId))
        continue;
      const crosses =
        exception.boundary === "cross-environment-trust"
          ? cloudRole.trusts.some(trusts)
          : Object.entries(cloudRole.allow).some(
              ([action, resources]) => action === exception.target || resources.includes(exception.target),
            );
      if (crosses) principals.push(role(cloudRole.roleName));
    }
    if (exception.boundary === "cross-environment-trust" && credentialId === undefined) {
      for (const consumer of aws.consumerRoles) {
        if (consumer.kind !== "created" || (exception.consumer !== undefined && consumer.consumerId !== exception.consumer)) continue;
        if (![...consumer.reads, ...consumer.assumes].some(ofConnector) || !trusts(consumer.trust)) continue;
        principals.push(role(consumer.roleName));
      }
    }
  }
  const { credential, consumer, ...rest } = exception;
  return {
    id: rest.id,
    boundary: rest.boundary,
    connector: rest.connector,
    ...(credential !== undefined ? { credential } : {}),
    ...(consumer !== undefined ? { consumer } : {}),
    environment: rest.environment,
    target: rest.target,
    reason: rest.reason,
    requestedBy: rest.requestedBy,
    approvedBy: rest.approvedBy,
    expires: rest.expires,
    principals: [...new Set(principals)].sort(byText),
  };
}

/** What one environment grants, in the intent's vocabulary. */
export function intentEnvironment(plan: EnvironmentPlan): IntentEnvironment {
  const vault = plan.vault && vaultContext(plan.vault);
  const aws = plan.aws && {
    accountId: plan.aws.accountId,
    region: plan.aws.region,
    partition: partitionOf(plan.aws.region),
    accountStack: plan.aws.accountStack,
  };
  const credentials: IntentCredential[] = plan.credentials
    .filter((credential) => !credential.destroyed)
    .map((credential) => ({
      id: credential.id,
      connectorId: credential.connectorId,
      name: credential.name,
      type: credential.type,
      store: credential.store,
      quarantined: credential.quarantined,
      locations: sortBy(credentialLocations(plan, credential), (l) => l.resource),
      ...registerOf(credential),
    }));
  const principals = [
    ...vaultPrincipals(plan),
    ...awsPrincipals(plan),
    ...vaultEngineRolePrincipals(plan),
    ...vaultRotationPrincipals(plan),
    ...remindersPrincipals(plan),
    ...auditorPrincipals(plan),
    ...drillPrincipals(plan),
    ...orchestratorPrincipals(plan),
  ];
  return {
    name: plan.name,
    production: plan.production,
    stack: plan.stackName,
    ...(plan.vault && vault
      ? {
          vault: {
            cluster: vault.cluster,
            address: plan.vault.address,
            namespace: vault.namespace,
            isolation: plan.vault.isolation,
            ...(plan.vault.mountPrefix ? { mountPrefix: plan.vault.mountPrefix } : {}),
            clusterStack: plan.vault.clusterStack,
          },
        }
      : {}),
    ...(aws ? { aws } : {}),
    credentials: sortBy(credentials, (c) => c.id),
    principals: sortBy(principals, (p) => p.id),
  };
}

interface VaultContext {
  readonly plan: VaultEnvironmentPlan;
  readonly cluster: string;
  readonly namespace: string;
}

function vaultContext(plan: VaultEnvironmentPlan): VaultContext {
  return { plan, cluster: vaultCluster(plan.address), namespace: plan.isolation === "namespace" ? (plan.namespace ?? "") : "" };
}

function vaultLocation(context: VaultContext, path: string, kind: VaultPathKind): IntentVaultLocation {
  return {
    store: "vault",
    resource: resourceIds.vaultPath(context.cluster, context.namespace, path),
    cluster: context.cluster,
    namespace: context.namespace,
    path,
    kind,
  };
}

/** Consumers of a credential in this environment (sorted ids). */
function consumersOf(plan: EnvironmentPlan, credential: CredentialPlan): string[] {
  return plan.serviceAccounts.filter((a) => a.grants.some((g) => g.credentialId === credential.id)).map((a) => a.id);
}

/** Every API path or secret where a credential's value can be obtained (or its metadata read). */
export function credentialLocations(plan: EnvironmentPlan, credential: CredentialPlan): IntentLocation[] {
  if (credential.vault && plan.vault) {
    const context = vaultContext(plan.vault);
    const mounts = plan.vault.mounts;
    const { connectorId: connector, name } = credential;
    const at = (path: string, kind: VaultPathKind) => vaultLocation(context, path, kind);
    const locations = [at(credential.vault.metadataPath, "metadata")];
    switch (credentialSource(credential)) {
      case "kv":
        locations.push(at(credential.vault.dataPath, "data"));
        break;
      case "database-dynamic":
        for (const consumer of consumersOf(plan, credential)) {
          locations.push(at(vaultPaths.databaseCreds(mounts.database, vaultNames.databaseRole(connector, name, consumer)), "creds"));
        }
        locations.push(at(vaultPaths.databaseCreds(mounts.database, vaultObjectNames.humanDatabaseRole(connector, name)), "creds"));
        break;
      case "database-static":
        locations.push(at(vaultPaths.databaseStaticCreds(mounts.database, vaultNames.staticRole(connector, name)), "static-creds"));
        break;
      case "pki":
        locations.push(at(vaultPaths.pkiIssue(mounts.pki, vaultNames.pkiRole(connector, name)), "issue"));
        break;
      case "ssh-signed":
        for (const consumer of consumersOf(plan, credential)) {
          locations.push(at(vaultPaths.sshSign(mounts.ssh, vaultNames.sshRole(connector, name, consumer)), "sign"));
        }
        break;
      case "aws-dynamic":
        locations.push(at(vaultPaths.awsCreds(mounts.aws, vaultNames.cloudRole(connector, name)), "creds"));
        break;
      case "gcp-dynamic": {
        const roleset = vaultNames.cloudRole(connector, name);
        locations.push(at(vaultPaths.gcpRolesetKey(mounts.gcp, roleset), "roleset-key"));
        locations.push(at(`${mounts.gcp}/roleset/${roleset}/token`, "roleset-token"));
        break;
      }
      case "none":
        break;
    }
    return locations;
  }
  if (credential.aws?.storesSecret && plan.aws) {
    const { accountId, region } = plan.aws;
    return [
      {
        store: "aws",
        resource: syntheticSecretArn(partitionOf(region), region, accountId, credential.aws.secretName),
        accountId,
        region,
        secretName: credential.aws.secretName,
      },
    ];
  }
  return [];
}

function grant(credential: CredentialPlan, resource: string, actions: readonly string[], extra: Partial<IntentGrant> = {}): IntentGrant {
  return { credentialId: credential.id, resource, actions: [...new Set(actions)].sort(byText), ...extra };
}

/** Vault: which capabilities a machine consumer is granted on each location of a credential. */
function consumerVaultGrants(plan: EnvironmentPlan, account: ServiceAccountPlan, credential: CredentialPlan): IntentGrant[] {
  const { connectorId: connector, name } = credential;
  const writeBack = account.grants.find((g) => g.credentialId === credential.id)?.writeBack === true;
  const grants: IntentGrant[] = [];
  for (const location of credentialLocations(plan, credential)) {
    if (location.store !== "vault") continue;
    let actions: string[] = [];
    switch (location.kind) {
      case "data":
        actions = writeBack ? ["read", "update", "patch"] : ["read"];
        break;
      case "metadata":
        actions = credentialSource(credential) === "kv" ? ["read"] : [];
        break;
      case "creds":
        // A consumer uses its own database role; cloud engine roles are per credential.
        if (
          location.path.endsWith(`/${vaultNames.databaseRole(connector, name, account.id)}`) ||
          credentialSource(credential) === "aws-dynamic"
        )
          actions = ["read"];
        break;
      case "static-creds":
      case "roleset-key":
        actions = ["read"];
        break;
      case "issue":
        actions = ["update"];
        break;
      case "sign":
        if (location.path.endsWith(`/${vaultNames.sshRole(connector, name, account.id)}`)) actions = ["update"];
        break;
      case "roleset-token":
        break;
    }
    if (actions.length === 0) continue;
    grants.push(
      credential.quarantined
        ? grant(credential, location.resource, [], { quarantined: true })
        : grant(credential, location.resource, actions, writeBack && location.kind === "data" ? { writeBack: true } : {}),
    );
  }
  return grants;
}

function humanApproval(plan: EnvironmentPlan, credential: CredentialPlan): IntentGrant["approval"] {
  if (!plan.production || !plan.approvals) return undefined;
  if (!SENSITIVITY_CLASSES[credential.register.sensitivity].humanReadControlGroup) return undefined;
  return { group: plan.approvals.group, approvals: plan.approvals.required };
}

/**
 * Vault: what operators (read to support the jobs) and break-glass (replace a leaked value) may do.
 * A quarantined credential is read by nobody: operators keep its metadata, break-glass may only
 * write the replacement (and rotate, which the analysis does not model as a location).
 */
function humanVaultGrants(plan: EnvironmentPlan, human: Human, credential: CredentialPlan): IntentGrant[] {
  const grants: IntentGrant[] = [];
  const humanRole = vaultObjectNames.humanDatabaseRole(credential.connectorId, credential.name);
  const approval = humanApproval(plan, credential);
  const withApproval = approval ? { approval } : {};
  const read = (resource: string): IntentGrant =>
    credential.quarantined ? grant(credential, resource, [], { quarantined: true }) : grant(credential, resource, ["read"], withApproval);
  for (const location of credentialLocations(plan, credential)) {
    if (location.store !== "vault") continue;
    switch (location.kind) {
      case "metadata":
        grants.push(grant(credential, location.resource, ["read"]));
        break;
      case "data":
        if (human === "operator") grants.push(read(location.resource));
        else if (credential.quarantined)
          grants.push(grant(credential, location.resource, ["create", "update"], { ...withApproval, quarantined: true }));
        else grants.push(grant(credential, location.resource, ["create", "read", "update"], withApproval));
        break;
      case "creds":
        if (location.path.endsWith(`/${humanRole}`)) grants.push(read(location.resource));
        break;
      case "static-creds":
        if (human === "break-glass") grants.push(read(location.resource));
        break;
      default:
        break;
    }
  }
  return grants;
}

function vaultPrincipals(plan: EnvironmentPlan): IntentPrincipal[] {
  if (!plan.vault) return [];
  const context = vaultContext(plan.vault);
  const byId = new Map(plan.credentials.map((c) => [c.id, c]));
  const vaultCredentials = plan.credentials.filter((c) => c.vault && !c.destroyed);
  const principals: IntentPrincipal[] = [];
  for (const account of plan.serviceAccounts) {
    const credentials = account.grants
      .map((g) => byId.get(g.credentialId))
      .filter((c): c is CredentialPlan => c?.vault !== undefined && !c.destroyed);
    if (credentials.length === 0) continue;
    const mount = vaultLoginMount(plan.vault, account.auth);
    if (!mount) continue;
    principals.push({
      id: principalIds.vaultAuthRole(context.cluster, context.namespace, mount, vaultNames.authRole(account.id)),
      class: "consumer",
      environment: plan.name,
      name: account.id,
      store: "vault",
      auth: account.auth.method,
      grants: sortGrants(credentials.flatMap((credential) => consumerVaultGrants(plan, account, credential))),
    });
  }
  // People have Vault groups in production only; elsewhere nobody but the consumers reads.
  if (plan.production && vaultCredentials.length > 0) {
    const humans: { human: Human; group: string }[] = [
      { human: "operator", group: vaultObjectNames.operatorGroup(plan.name) },
      { human: "break-glass", group: vaultObjectNames.breakGlassGroup(plan.name) },
    ];
    for (const { human, group } of humans) {
      principals.push({
        id: principalIds.vaultGroup(context.cluster, context.namespace, group),
        class: human,
        environment: plan.name,
        name: group,
        store: "vault",
        auth: "group",
        ...(human === "break-glass" ? { mfa: true as const } : {}),
        grants: sortGrants(vaultCredentials.flatMap((credential) => humanVaultGrants(plan, human, credential))),
      });
    }
  }
  return principals;
}

// long-function: every AWS principal of one environment the intent declares (consumer roles, rotation functions, cloud roles, break-glass, operators, auditors), each a few lines over the same secret lookup and role naming
function awsPrincipals(plan: EnvironmentPlan): IntentPrincipal[] {
  const aws = plan.aws;
  if (!aws) return [];
  const partition = partitionOf(aws.region);
  const role = (name: string) => principalIds.iamRole(partition, aws.accountId, name);
  const byId = new Map(plan.credentials.map((c) => [c.id, c]));
  const secretOf = (id: string) => {
    const credential = byId.get(id);
    const location = credential && !credential.destroyed ? credentialLocations(plan, credential).find((l) => l.store === "aws") : undefined;
    return credential && location ? { credential, resource: location.resource } : undefined;
  };
  const principals: IntentPrincipal[] = [];
  for (const consumer of aws.consumerRoles) {
    const grants: IntentGrant[] = [];
    for (const id of consumer.reads) {
      const secret = secretOf(id);
      if (!secret) continue;
      const writeBack = consumer.writesBack.includes(id);
      if (secret.credential.quarantined) grants.push(grant(secret.credential, secret.resource, [], { quarantined: true }));
      else
        grants.push(
          grant(
            secret.credential,
            secret.resource,
            [...AWS_READ_ACTIONS, ...(writeBack ? AWS_WRITE_BACK_ACTIONS : [])],
            writeBack ? { writeBack: true } : {},
          ),
        );
    }
    principals.push({
      id: consumer.roleArn ? canonicalRoleArn(consumer.roleArn) : role(consumer.roleName),
      class: "consumer",
      environment: plan.name,
      name: consumer.consumerId,
      store: "aws",
      auth: "iam-role",
      grants: sortGrants(grants),
    });
  }
  for (const fn of aws.rotationFunctions) {
    const grants: IntentGrant[] = [];
    for (const id of fn.rotates) {
      const secret = secretOf(id);
      if (secret) grants.push(grant(secret.credential, secret.resource, AWS_ROTATION_ACTIONS));
    }
    for (const id of fn.readsMasters) {
      const secret = secretOf(id);
      if (secret) grants.push(grant(secret.credential, secret.resource, AWS_READ_ACTIONS));
    }
    principals.push({
      id: role(fn.roleName),
      class: "rotation-function",
      environment: plan.name,
      name: fn.target,
      store: "aws",
      auth: "iam-role",
      grants: sortGrants(grants),
    });
  }
  if (aws.breakGlass) {
    // A quarantined secret is read by nobody; break-glass still replaces, rotates and restores it.
    const grants = plan.credentials.flatMap((credential) => {
      const secret = secretOf(credential.id);
      if (!secret) return [];
      if (credential.quarantined) {
        return [
          grant(
            credential,
            secret.resource,
            AWS_BREAK_GLASS_ACTIONS.filter((a) => a !== "secretsmanager:GetSecretValue"),
            { quarantined: true },
          ),
        ];
      }
      return [grant(credential, secret.resource, AWS_BREAK_GLASS_ACTIONS)];
    });
    principals.push({
      id: role(aws.breakGlass.roleName),
      class: "break-glass",
      environment: plan.name,
      name: aws.breakGlass.roleName,
      store: "aws",
      auth: "iam-role",
      mfa: true,
      grants: sortGrants(grants),
    });
  }
  for (const cloudRole of aws.cloudRoles) {
    principals.push({
      id: role(cloudRole.roleName),
      class: "credential-role",
      environment: plan.name,
      name: cloudRole.credentialId,
      store: "aws",
      auth: "iam-role",
      grants: [],
    });
  }
  return principals;
}

/**
 * The IAM roles Vault's AWS engine assumes for dynamic AWS keys (`<roleName>-<environment>`): they
 * hold the spec's `allow`, never a stored secret, so they are declared with no grant.
 */
export function vaultEngineRolePrincipals(plan: EnvironmentPlan): IntentPrincipal[] {
  const aws = plan.aws;
  if (!aws || !plan.vault) return [];
  return plan.credentials.flatMap((credential) => {
    const spec = credential.credential;
    if (
      !credential.vault ||
      credential.destroyed ||
      spec.type !== "cloud-access-key" ||
      spec.provider !== "aws" ||
      spec.mode !== "dynamic" ||
      !spec.roleName
    )
      return [];
    const name = awsNames.specNamedRole(spec.roleName, plan.name);
    return [
      {
        id: principalIds.iamRole(partitionOf(aws.region), aws.accountId, name),
        class: "credential-role" as const,
        environment: plan.name,
        name: credential.id,
        store: "aws" as const,
        auth: "iam-role",
        grants: [],
      },
    ];
  });
}

/**
 * The rotation function's Vault login (AWS IAM auth, role `<env>-rotation` on the environment's
 * AWS auth mount) for broker-rotated credentials stored in Vault: it writes new versions of exactly
 * those credentials (check-and-set) and reads their metadata.
 */
export function vaultRotationPrincipals(plan: EnvironmentPlan): IntentPrincipal[] {
  const rotation = plan.aws?.vaultBrokerRotation;
  if (!plan.vault || !rotation) return [];
  const context = vaultContext(plan.vault);
  const rotated = new Set(rotation.credentials.map((c) => c.credentialId));
  const grants = plan.credentials
    .filter((c) => rotated.has(c.id))
    .flatMap((credential) =>
      credentialLocations(plan, credential).flatMap((location): IntentGrant[] => {
        if (location.store !== "vault") return [];
        // Check-and-set writes are `update`; the current and previous values are read.
        if (location.kind === "data") return [grant(credential, location.resource, ["read", "update"])];
        if (location.kind === "metadata") return [grant(credential, location.resource, ["read"])];
        return [];
      }),
    );
  return [
    {
      id: principalIds.vaultAuthRole(context.cluster, context.namespace, rotation.authMount, rotation.authRole),
      class: "rotation-function",
      environment: plan.name,
      name: rotation.target,
      store: "vault",
      auth: "aws-iam",
      grants: sortGrants(grants),
    },
  ];
}

/**
 * The daily reminder checker (lib/plan/reminder-plan.ts), logged in with AWS auth as `<env>-reminders`:
 * it reads the KV metadata (when the current version was created) of each Vault-stored reminder
 * credential, never a value. Its Secrets Manager reads (ListSecretVersionIds) are dates only.
 */
export function remindersPrincipals(plan: EnvironmentPlan): IntentPrincipal[] {
  const reminders = planReminders(plan);
  const aws = plan.aws;
  if (!reminders || !aws) return [];
  const principals: IntentPrincipal[] = [];
  const checked = (store: "vault" | "aws") => new Set(reminders.credentials.filter((c) => c.store === store).map((c) => c.credentialId));
  if (plan.vault && reminders.vault) {
    const context = vaultContext(plan.vault);
    const inVault = checked("vault");
    const grants = plan.credentials
      .filter((c) => inVault.has(c.id))
      .flatMap((credential) =>
        credentialLocations(plan, credential).flatMap((l): IntentGrant[] =>
          l.store === "vault" && l.kind === "metadata" ? [grant(credential, l.resource, ["read"])] : [],
        ),
      );
    principals.push({
      id: principalIds.vaultAuthRole(context.cluster, context.namespace, reminders.vault.authMount, reminders.vault.authRole),
      class: "rotation-function",
      environment: plan.name,
      name: REMINDERS_KEY,
      store: "vault",
      auth: "aws-iam",
      grants: sortGrants(grants),
    });
  }
  const inAws = checked("aws");
  if (inAws.size > 0) {
    const grants = plan.credentials
      .filter((c) => inAws.has(c.id))
      .flatMap((credential) =>
        credentialLocations(plan, credential).flatMap((l): IntentGrant[] =>
          l.store === "aws" ? [grant(credential, l.resource, ["secretsmanager:ListSecretVersionIds"])] : [],
        ),
      );
    principals.push({
      id: principalIds.iamRole(partitionOf(aws.region), aws.accountId, reminders.roleName),
      class: "rotation-function",
      environment: plan.name,
      name: reminders.roleName,
      store: "aws",
      auth: "iam-role",
      grants: sortGrants(grants),
    });
  }
  return principals;
}

/** Merges grants on the same resource (a consumer reading one credential under two connectors). */
function sortGrants(grants: readonly IntentGrant[]): IntentGrant[] {
  const byResource = new Map<string, IntentGrant>();
  for (const g of grants) {
    const previous = byResource.get(g.resource);
    byResource.set(
      g.resource,
      previous ? { ...previous, ...g, actions: [...new Set([...previous.actions, ...g.actions])].sort(byText) } : g,
    );
  }
  return [...byResource.values()].sort((a, b) => byText(a.credentialId, b.credentialId) || byText(a.resource, b.resource));
}

/**
 * The auditor (`etl-secrets audit`): the `<env>-auditors` Vault group reads and lists each
 * credential's KV metadata (and, through its declared metadata patterns, what nobody declared);
 * the `<org>-<env>.auditor` role describes the environment's secrets. Neither is granted a value:
 * the judge reports any reach of one by an auditor as a violation, whatever a grant says.
 */
export function auditorPrincipals(plan: EnvironmentPlan): IntentPrincipal[] {
  const principals: IntentPrincipal[] = [];
  const vault = plan.vault;
  if (vault && (vaultCredentials(plan).length > 0 || plan.serviceAccounts.some((a) => isVaultServiceAccount(plan, a)))) {
    const context = vaultContext(vault);
    const group = vaultObjectNames.auditorGroup(plan.name);
    const grants = plan.credentials
      .filter((c) => c.store === "vault" && !c.destroyed)
      .flatMap((credential) =>
        credentialLocations(plan, credential).flatMap((l): IntentGrant[] =>
          l.store === "vault" && l.kind === "metadata" ? [grant(credential, l.resource, ["list", "read"])] : [],
        ),
      );
    const mounts = vault.mounts;
    const scopes = auditorPolicyRules({
      kv: mounts.kv,
      database: mounts.database,
      approle: mounts.approle,
      authMounts: [mounts.approle, mounts.awsAuth, ...Object.values(mounts.kubernetes), ...Object.values(mounts.jwt)],
    }).map((rule) => rule.path);
    principals.push({
      id: principalIds.vaultGroup(context.cluster, context.namespace, group),
      class: "auditor",
      environment: plan.name,
      name: group,
      store: "vault",
      auth: "group",
      grants: sortGrants(grants),
      metadataScopes: [...new Set(scopes)].sort(byText),
    });
  }
  const aws = plan.aws;
  if (aws) {
    const name = awsNames.auditorRole(plan.organization, plan.name);
    const grants = plan.credentials
      .filter((c) => !c.destroyed)
      .flatMap((credential) =>
        credentialLocations(plan, credential).flatMap((l): IntentGrant[] =>
          l.store === "aws" ? [grant(credential, l.resource, ["secretsmanager:DescribeSecret"])] : [],
        ),
      );
    principals.push({
      id: principalIds.iamRole(partitionOf(aws.region), aws.accountId, name),
      class: "auditor",
      environment: plan.name,
      name,
      store: "aws",
      auth: "iam-role",
      grants: sortGrants(grants),
      ...(aws.auditLog
        ? {
            logReads: [
              {
                resource: aws.auditLog.logGroupArn,
                scope: "cluster" as const,
                valueFree: true as const,
                ...(aws.auditLog.readerRoleArn ? { via: aws.auditLog.readerRoleArn } : {}),
              },
            ],
          }
        : {}),
    });
  }
  return principals;
}

/**
 * The drill identity (`etl-secrets runbook --drill`, non-production only): the `<env>-drillers`
 * Vault group rotates each drillable static role and reads its password (before the rotation, to
 * prove the old one is refused; after, as each consumer would). Declared here so `simulate` reports
 * what it reaches; the check ETL-DRILL-001 refuses it in any production stack. On AWS, the
 * `<org>-<env>.drill` role rotates, reads and describes the environment's drillable secrets.
 */
export function drillPrincipals(plan: EnvironmentPlan): IntentPrincipal[] {
  const aws = plan.aws;
  const role: IntentPrincipal[] =
    aws && hasAwsDrillIdentity(plan)
      ? [
          {
            id: principalIds.iamRole(partitionOf(aws.region), aws.accountId, awsNames.drillRole(plan.organization, plan.name)),
            class: "drill",
            environment: plan.name,
            name: awsNames.drillRole(plan.organization, plan.name),
            store: "aws",
            auth: "iam-role",
            grants: sortGrants(
              drillableAwsSecrets(plan).flatMap((credential) =>
                credentialLocations(plan, credential).flatMap((l): IntentGrant[] =>
                  l.store === "aws" ? [grant(credential, l.resource, [...DRILL_SECRET_ACTIONS])] : [],
                ),
              ),
            ),
          },
        ]
      : [];
  return [...role, ...vaultDrillPrincipals(plan)];
}

function vaultDrillPrincipals(plan: EnvironmentPlan): IntentPrincipal[] {
  const vault = plan.vault;
  if (!vault || !hasVaultDrillIdentity(plan)) return [];
  const context = vaultContext(vault);
  const group = vaultObjectNames.drillersGroup(plan.name);
  const grants = drillableStaticRoles(plan).flatMap((credential) =>
    credentialLocations(plan, credential).flatMap((l): IntentGrant[] =>
      l.store === "vault" && l.kind === "static-creds" ? [grant(credential, l.resource, ["read"])] : [],
    ),
  );
  return [
    {
      id: principalIds.vaultGroup(context.cluster, context.namespace, group),
      class: "drill",
      environment: plan.name,
      name: group,
      store: "vault",
      auth: "group",
      grants: sortGrants(grants),
    },
  ];
}

/**
 * Trusted orchestrators (lib/plan/orchestrator-plan.ts): each logs in with its own auth role and is
 * granted no credential; its only declared power is to mint response-wrapped secret ids (within the
 * wrapping bounds, with the listed parameters only) for the AppRole consumers it lists, and to read
 * their role ids. `simulate` proves the synthesized policy gives exactly that.
 */
export function orchestratorPrincipals(plan: EnvironmentPlan): IntentPrincipal[] {
  const vault = plan.vault;
  if (!vault || !plan.orchestrators) return [];
  const context = vaultContext(vault);
  return plan.orchestrators.map((orchestrator) => {
    const mints: IntentMint[] = orchestrator.mints.map((mint) => ({
      consumer: mint.consumerId,
      principal: principalIds.vaultAuthRole(context.cluster, context.namespace, orchestrator.approleMount, mint.roleName),
      secretId: resourceIds.vaultPath(context.cluster, context.namespace, mint.secretIdPath),
      roleId: resourceIds.vaultPath(context.cluster, context.namespace, mint.roleIdPath),
      wrapping: { minSeconds: orchestrator.wrapping.minSeconds, maxSeconds: orchestrator.wrapping.maxSeconds },
      parameters: [...orchestrator.allowedParameters].sort(byText),
    }));
    return {
      id: principalIds.vaultAuthRole(context.cluster, context.namespace, orchestrator.authMount, orchestrator.authRole),
      class: "orchestrator" as const,
      environment: plan.name,
      name: orchestrator.id,
      store: "vault" as const,
      auth: orchestrator.auth.method,
      grants: [],
      mints: sortBy(mints, (m) => m.consumer),
    };
  });
}

/*
 * What a change between two synth outputs does to access and to the settings that guard it: who
 * gains or loses which access where, TTL / rotation / approval / MFA changes, credentials and
 * principals added or removed, and every resource Terraform would destroy. Pure: two access models
 * in, plain data out, every list sorted so the report itself diffs cleanly.
 */
import type { AccessModel } from "../access-model/types";
import type { StackIndex, StackResource } from "../access-model/references";
import { simulate, type SimulationResult } from "../simulate/simulate";
import { ownerResolver } from "../../ledger/attribution";
import { retirementCovers } from "../../inventory/schema/retirement";
import { exceptionChanges, type ExceptionReport } from "./exception-changes";
import { NO_REMOVALS, productionStacks, recoveryWindow, type RemovalContext } from "./removals";
import { logicalChanges, type LogicalChange } from "./logical-changes";
import type { IntentLogRead, IntentManifest, IntentSuppression } from "../../intent/types";
import { byText } from "../../shared/text-order";

export type SettingCategory = "TTL" | "Rotation" | "Approval" | "MFA" | "Binding" | "Retention";

export interface AccessChange {
  readonly environment: string;
  readonly principal: string;
  readonly resource: string;
  /** Sorted. */
  readonly actions: readonly string[];
  /** The head grant is a violation of the intent (gained only). */
  readonly violation?: string;
}

export interface SettingChange {
  readonly category: SettingCategory;
  readonly stack: string;
  readonly address: string;
  readonly constructPath: string;
  readonly setting: string;
  /** JSON text of the value; undefined when absent. */
  readonly before?: string;
  readonly after?: string;
  /** The stack serves a production environment. */
  readonly production: boolean;
}

export interface DestroyedResource {
  readonly stack: string;
  readonly address: string;
  readonly constructPath: string;
  readonly type: string;
  /** Destroying it loses data (a secret, a KV key, a mount, a key, a namespace, a bucket, a log group). */
  readonly dataLoss: boolean;
  /** Present in head, but a changed argument forces a replacement. */
  readonly replacedBecause?: string;
  /** The stack serves a production environment. */
  readonly production: boolean;
  /** How long what it holds can still be recovered, in words (for a resource holding no data: that nothing is lost). */
  readonly recoveryWindow?: string;
  /** The retirement (`destroy: true`) that asks for this destruction, in words. */
  readonly retiredBy?: string;
  /** Production data destroyed without a retirement: the review fails. */
  readonly blocking: boolean;
}

/** A resource the head makes Terraform forget: the object stays, outside Terraform. */
export interface ForgottenResource {
  readonly stack: string;
  readonly address: string;
  readonly constructPath: string;
  readonly type: string;
}

export interface InventoryChange {
  readonly environment: string;
  readonly kind: "credential" | "principal";
  readonly id: string;
  /** For principals: the class and name. */
  readonly detail?: string;
}

export interface ReviewReport {
  readonly gained: readonly AccessChange[];
  readonly lost: readonly AccessChange[];
  readonly settings: readonly SettingChange[];
  readonly destroyed: readonly DestroyedResource[];
  /** Forgotten through `removed` blocks (retirements): not destroyed. */
  readonly forgotten: readonly ForgottenResource[];
  /** Destroyed production data without a retirement: the count that fails the review. */
  readonly blockingDestroys: number;
  readonly added: readonly InventoryChange[];
  readonly removed: readonly InventoryChange[];
  readonly headViolations: number;
  readonly baseViolations: number;
  /** Boundary exceptions added, removed, changed and expiring (by the review's clock). */
  readonly exceptions: ExceptionReport;
  /** `gained` and `lost` as logical changes: who, credential, access, environments (production first). */
  readonly changes: readonly LogicalChange[];
  /** Environments that are production in base or head, sorted. */
  readonly productionEnvironments: readonly string[];
  /** Check suppressions the head adds or drops (from the intent manifests). */
  readonly suppressions: { readonly added: readonly IntentSuppression[]; readonly removed: readonly IntentSuppression[] };
  /** Declared value-free log reads (an auditor's read of its Vault cluster's audit log) the head adds or drops. */
  readonly logReads?: { readonly added: readonly LogReadChange[]; readonly removed: readonly LogReadChange[] };
}

/** One principal's declared value-free log read (intent `logReads`). */
export interface LogReadChange {
  readonly principal: string;
  readonly environment: string;
  readonly read: IntentLogRead;
}

export interface ReviewOptions {
  /** Today (YYYY-MM-DD): judges the expiry of the head's exceptions. Without it expiry is not judged. */
  readonly now?: string;
}

/** Arguments that decide each category, by resource type. */
const WATCHED: Readonly<Record<string, Readonly<Record<string, SettingCategory>>>> = (() => {
  const authRole = {
    token_ttl: "TTL",
    token_max_ttl: "TTL",
    token_explicit_max_ttl: "TTL",
    token_period: "TTL",
    token_num_uses: "TTL",
    secret_id_ttl: "TTL",
    secret_id_num_uses: "TTL",
    token_bound_cidrs: "Binding",
    secret_id_bound_cidrs: "Binding",
    bound_service_account_names: "Binding",
    bound_service_account_namespaces: "Binding",
    bound_subject: "Binding",
    bound_audiences: "Binding",
    bound_claims: "Binding",
    bound_iam_principal_arns: "Binding",
    token_policies: "Binding",
  } as const;
  return {
    vault_approle_auth_backend_role: authRole,
    vault_jwt_auth_backend_role: authRole,
    vault_kubernetes_auth_backend_role: authRole,
    vault_aws_auth_backend_role: authRole,
    vault_database_secret_backend_role: { default_ttl: "TTL", max_ttl: "TTL" },
    vault_database_secret_backend_static_role: { rotation_period: "Rotation", rotation_schedule: "Rotation", rotation_window: "Rotation" },
    vault_pki_secret_backend_role: { ttl: "TTL", max_ttl: "TTL" },
    vault_ssh_secret_backend_role: { ttl: "TTL", max_ttl: "TTL" },
    vault_aws_secret_backend_role: { default_sts_ttl: "TTL", max_sts_ttl: "TTL" },
    vault_mount: { default_lease_ttl_seconds: "TTL", max_lease_ttl_seconds: "TTL" },
    vault_kv_secret_backend_v2: { max_versions: "Retention", delete_version_after: "Retention", cas_required: "Retention" },
    vault_identity_group: { policies: "Binding" },
    vault_identity_mfa_login_enforcement: {
      mfa_method_ids: "MFA",
      identity_group_ids: "MFA",
      identity_entity_ids: "MFA",
      auth_method_accessors: "MFA",
      auth_method_types: "MFA",
    },
    vault_identity_mfa_totp: { algorithm: "MFA", digits: "MFA", period: "MFA", max_validation_attempts: "MFA", skew: "MFA" },
    aws_secretsmanager_secret: { recovery_window_in_days: "Retention", kms_key_id: "Retention" },
    aws_secretsmanager_secret_rotation: { rotation_rules: "Rotation", rotation_lambda_arn: "Rotation", rotate_immediately: "Rotation" },
    aws_iam_role: { max_session_duration: "TTL" },
    aws_kms_key: { deletion_window_in_days: "Retention", enable_key_rotation: "Rotation", rotation_period_in_days: "Rotation" },
    aws_cloudwatch_log_group: { retention_in_days: "Retention" },
  };
})();

/** Types whose whole presence is a category (adding or removing one changes rotation or MFA). */
const PRESENCE: Readonly<Record<string, SettingCategory>> = {
  aws_secretsmanager_secret_rotation: "Rotation",
  vault_database_secret_backend_static_role: "Rotation",
  vault_identity_mfa_login_enforcement: "MFA",
  vault_identity_mfa_totp: "MFA",
};

/** Destroying one of these loses data that Terraform cannot bring back. */
const DATA_LOSS_TYPES = new Set([
  "aws_secretsmanager_secret",
  "aws_kms_key",
  "aws_s3_bucket",
  "aws_cloudwatch_log_group",
  "vault_mount",
  "vault_namespace",
  "vault_kv_secret_v2",
  "vault_generic_secret",
  "vault_generic_endpoint",
  "vault_kv_secret_backend_v2",
  "vault_database_secrets_mount",
  "vault_pki_secret_backend_root_cert",
  "vault_pki_secret_backend_issuer",
  "vault_ssh_secret_backend_ca",
  "vault_audit",
]);

/** Arguments whose change makes Terraform destroy and re-create the resource. */
const FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  aws_secretsmanager_secret: ["name", "name_prefix"],
  aws_kms_key: ["customer_master_key_spec", "key_usage", "multi_region"],
  aws_s3_bucket: ["bucket"],
  aws_cloudwatch_log_group: ["name"],
  aws_iam_role: ["name", "path"],
  vault_mount: ["path", "type", "local", "seal_wrap"],
  vault_namespace: ["path", "namespace"],
  vault_kv_secret_v2: ["mount", "name", "namespace"],
  vault_generic_endpoint: ["path", "namespace"],
  vault_generic_secret: ["path", "namespace"],
  vault_auth_backend: ["type"],
  vault_audit: ["path", "type", "local", "options"],
};

/**
 * `removals`: what the head synth forgets and the retirements it carries (loadRemovalContext);
 * without it every vanished resource counts as destroyed and no destruction is retired.
 */
export function reviewChanges(
  base: AccessModel,
  head: AccessModel,
  removals: RemovalContext = NO_REMOVALS,
  options: ReviewOptions = {},
): ReviewReport {
  const baseResult = simulate(base, options);
  const headResult = simulate(head, options);
  const baseAccess = allowedAccess(base, baseResult);
  const headAccess = allowedAccess(head, headResult);
  const violationsByKey = new Map(headResult.violations.map((v) => [`${v.principal}|${v.resource}|${v.action}`, v.reason]));
  const gained = groupAccess(difference(headAccess, baseAccess), violationsByKey);
  const lost = groupAccess(difference(baseAccess, headAccess), new Map());
  return {
    gained,
    lost,
    settings: settingChanges(base.stacks, head.stacks, productionStacks(base.intent, head.intent)),
    ...destroyedAndForgotten(base, head, removals),
    ...inventoryChanges(base, head),
    headViolations: headResult.violations.length,
    baseViolations: baseResult.violations.length,
    exceptions: exceptionChanges(base.intent, head.intent, options.now),
    changes: logicalChanges(gained, lost, base.intent, head.intent),
    productionEnvironments: [
      ...new Set([...base.intent.environments, ...head.intent.environments].filter((e) => e.production).map((e) => e.name)),
    ].sort(byText),
    suppressions: suppressionChanges(base.intent, head.intent),
    logReads: logReadChanges(base.intent, head.intent),
  };
}

function logReadChanges(base: IntentManifest, head: IntentManifest): ReviewReport["logReads"] {
  const rows = (manifest: IntentManifest) =>
    new Map(
      manifest.environments.flatMap((env) =>
        env.principals.flatMap((p) =>
          (p.logReads ?? []).map((read): [string, LogReadChange] => [
            JSON.stringify([p.id, read.resource, read.via ?? ""]),
            { principal: p.id, environment: env.name, read },
          ]),
        ),
      ),
    );
  const before = rows(base);
  const after = rows(head);
  const only = (m: Map<string, LogReadChange>, other: Map<string, LogReadChange>) =>
    [...m.entries()]
      .filter(([k]) => !other.has(k))
      .sort(([a], [b]) => byText(a, b))
      .map(([, v]) => v);
  return { added: only(after, before), removed: only(before, after) };
}

function suppressionChanges(base: IntentManifest, head: IntentManifest): ReviewReport["suppressions"] {
  const key = (s: IntentSuppression) => JSON.stringify([s.rule, s.target ?? ""]);
  const before = new Map((base.suppressions ?? []).map((s) => [key(s), s]));
  const after = new Map((head.suppressions ?? []).map((s) => [key(s), s]));
  const sorted = (m: Map<string, IntentSuppression>, other: Map<string, IntentSuppression>) =>
    [...m.entries()]
      .filter(([k]) => !other.has(k))
      .sort(([a], [b]) => byText(a, b))
      .map(([, v]) => v);
  return { added: sorted(after, before), removed: sorted(before, after) };
}

interface Access {
  readonly environment: string;
  readonly principal: string;
  readonly resource: string;
  readonly action: string;
}

/** Every allowed (principal, resource, action), intended or not; the key's shared use is left out. */
function allowedAccess(model: AccessModel, result: SimulationResult): Map<string, Access> {
  const access = new Map<string, Access>();
  const environments = new Map(model.principals.map((p) => [p.id, p.environment ?? "(none)"]));
  const add = (principal: string, resource: string, action: string) =>
    access.set(`${principal}|${resource}|${action}`, { environment: environments.get(principal) ?? "(none)", principal, resource, action });
  for (const env of model.intent.environments) {
    for (const principal of env.principals) {
      if (!environments.has(principal.id)) continue;
      for (const grant of principal.grants) for (const action of grant.actions) add(principal.id, grant.resource, action);
    }
  }
  // The intent says what was declared; the simulation adds what is allowed beyond it, and removes what is not allowed.
  for (const unmet of result.unmetIntent) access.delete(`${unmet.principal}|${unmet.resource}|${unmet.action}`);
  // Only evaluated decisions are access; the proof's findings (duplicate writers...) are counted, not listed as access.
  for (const violation of result.violations)
    if (violation.kind === "access") add(violation.principal, violation.resource, violation.action);
  return access;
}

function difference(a: ReadonlyMap<string, Access>, b: ReadonlyMap<string, Access>): Access[] {
  return [...a.entries()].filter(([key]) => !b.has(key)).map(([, value]) => value);
}

function groupAccess(items: readonly Access[], violations: ReadonlyMap<string, string>): AccessChange[] {
  const groups = new Map<string, { environment: string; principal: string; resource: string; actions: Set<string>; violation?: string }>();
  for (const item of items) {
    const key = `${item.environment}|${item.principal}|${item.resource}`;
    const group = groups.get(key) ?? {
      environment: item.environment,
      principal: item.principal,
      resource: item.resource,
      actions: new Set<string>(),
    };
    group.actions.add(item.action);
    const violation = violations.get(`${item.principal}|${item.resource}|${item.action}`);
    if (violation) group.violation = violation;
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((g) => ({
      environment: g.environment,
      principal: g.principal,
      resource: g.resource,
      actions: [...g.actions].sort(byText),
      ...(g.violation ? { violation: g.violation } : {}),
    }))
    .sort((a, b) => byText(a.environment, b.environment) || byText(a.principal, b.principal) || byText(a.resource, b.resource));
}

function resourcesOf(stacks: readonly StackIndex[]): Map<string, StackResource> {
  const map = new Map<string, StackResource>();
  for (const stack of stacks) for (const resource of stack.resources) map.set(`${stack.name}|${resource.address}`, resource);
  return map;
}

function json(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

function settingChanges(
  baseStacks: readonly StackIndex[],
  headStacks: readonly StackIndex[],
  production: ReadonlySet<string>,
): SettingChange[] {
  const base = resourcesOf(baseStacks);
  const head = resourcesOf(headStacks);
  const changes: SettingChange[] = [];
  const keys = [...new Set([...base.keys(), ...head.keys()])].sort(byText);
  for (const key of keys) {
    const before = base.get(key);
    const after = head.get(key);
    const resource = (after ?? before)!;
    const at = {
      stack: resource.stack,
      address: resource.address,
      constructPath: resource.constructPath,
      production: production.has(resource.stack),
    };
    const presence = PRESENCE[resource.type];
    if (presence && (!before || !after)) {
      changes.push({
        category: presence,
        ...at,
        setting: before ? "removed" : "added",
        before: before ? "present" : undefined,
        after: after ? "present" : undefined,
      });
      continue;
    }
    if (resource.type === "vault_policy") {
      const groupsBefore = before ? controlGroups(String(before.raw.policy ?? "")) : new Map<string, string>();
      const groupsAfter = after ? controlGroups(String(after.raw.policy ?? "")) : new Map<string, string>();
      for (const path of [...new Set([...groupsBefore.keys(), ...groupsAfter.keys()])].sort(byText)) {
        if (groupsBefore.get(path) !== groupsAfter.get(path)) {
          changes.push({
            category: "Approval",
            ...at,
            setting: `control group on "${path}"`,
            before: groupsBefore.get(path),
            after: groupsAfter.get(path),
          });
        }
      }
      continue;
    }
    if (resource.type === "aws_iam_role_policy" || resource.type === "aws_iam_policy" || resource.type === "aws_iam_role") {
      const field = resource.type === "aws_iam_role" ? "assume_role_policy" : "policy";
      const mfaBefore = mfaConditions(before?.raw[field]);
      const mfaAfter = mfaConditions(after?.raw[field]);
      if (mfaBefore !== mfaAfter)
        changes.push({ category: "MFA", ...at, setting: `${field} MFA conditions`, before: mfaBefore, after: mfaAfter });
    }
    if (!before || !after) continue;
    for (const [setting, category] of Object.entries(WATCHED[resource.type] ?? {})) {
      const b = json(before.raw[setting]);
      const a = json(after.raw[setting]);
      if (b !== a) changes.push({ category, ...at, setting, before: b, after: a });
    }
  }
  return changes.sort(
    (a, b) =>
      byText(a.category, b.category) ||
      byText(a.stack, b.stack) ||
      byText(a.constructPath, b.constructPath) ||
      byText(a.setting, b.setting),
  );
}

/** Control groups of a policy text by path: `group x, 2 approvals`. */
export function controlGroups(text: string): Map<string, string> {
  const groups = new Map<string, string>();
  const blocks = text.split(/^path\s+/m).slice(1);
  for (const block of blocks) {
    const path = /^"([^"]*)"/.exec(block)?.[1];
    if (path === undefined || !/control_group/.test(block)) continue;
    const names = /group_names\s*=\s*\[([^\]]*)\]/.exec(block)?.[1]?.replace(/\s+/g, "") ?? "?";
    const approvals = /approvals\s*=\s*(\d+)/.exec(block)?.[1] ?? "?";
    groups.set(path, `group_names [${names}], ${approvals} approval(s)`);
  }
  return groups;
}

/** The MultiFactorAuth conditions of an IAM policy text, as one comparable string. */
function mfaConditions(policy: unknown): string | undefined {
  if (typeof policy !== "string") return undefined;
  const found = new Set<string>();
  const walk = (value: unknown, path: string[]): void => {
    if (value && typeof value === "object") {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) walk(inner, [...path, key]);
    } else if (path.some((p) => /multifactorauth/i.test(p))) found.add(`${path.slice(-2).join(" ")}=${String(value)}`);
  };
  try {
    walk(JSON.parse(policy), []);
  } catch {
    return undefined;
  }
  return found.size === 0 ? undefined : [...found].sort(byText).join("; ");
}

function destroyedAndForgotten(
  base: AccessModel,
  head: AccessModel,
  removals: RemovalContext,
): Pick<ReviewReport, "destroyed" | "forgotten" | "blockingDestroys"> {
  const production = productionStacks(base.intent, head.intent);
  const headResources = resourcesOf(head.stacks);
  const destroyed: DestroyedResource[] = [];
  const forgotten: ForgottenResource[] = [];
  const owners = new Map<string, (path: string) => ReturnType<ReturnType<typeof ownerResolver>>>();
  const ownerOf = (resource: StackResource) => {
    if (!owners.has(resource.stack)) owners.set(resource.stack, ownerResolver(base.intent, resource.stack));
    return owners.get(resource.stack)!(resource.constructPath);
  };
  for (const [key, before] of resourcesOf(base.stacks)) {
    const after = headResources.get(key);
    const at = { stack: before.stack, address: before.address, constructPath: before.constructPath, type: before.type };
    if (!after && removals.forgotten.get(before.stack)?.has(before.address)) {
      forgotten.push(at);
      continue;
    }
    const forced = after ? (FORCE_NEW[before.type] ?? []).filter((arg) => json(before.raw[arg]) !== json(after.raw[arg])) : [];
    if (after && forced.length === 0) continue;
    // A generic endpoint with disable_delete leaves Vault's data in place when Terraform forgets it.
    const dataLoss = DATA_LOSS_TYPES.has(before.type) && before.raw.disable_delete !== true;
    const isProduction = production.has(before.stack);
    const owner = ownerOf(before);
    const retirement = after ? undefined : removals.retirements.find((r) => r.destroy && retirementCovers(r, owner));
    const retiredBy = retirement
      ? `retirement of ${[retirement.connector && `${retirement.connector}${retirement.credential ? `/${retirement.credential}` : ""}`, retirement.environment].filter(Boolean).join(" in ")} on ${retirement.on}, approved by ${retirement.approvedBy ?? "nobody"}`
      : undefined;
    destroyed.push({
      ...at,
      dataLoss,
      ...(forced.length > 0
        ? {
            replacedBecause: forced
              .map((arg) => `${arg}: ${json(before.raw[arg]) ?? "unset"} -> ${json(after!.raw[arg]) ?? "unset"}`)
              .join(", "),
          }
        : {}),
      production: isProduction,
      recoveryWindow: dataLoss ? recoveryWindow(before.type, before.raw) : noDataWindow(before.type, before.raw),
      ...(retiredBy ? { retiredBy } : {}),
      blocking: isProduction && dataLoss && !retiredBy,
    });
  }
  destroyed.sort(
    (a, b) =>
      Number(b.blocking) - Number(a.blocking) ||
      Number(b.dataLoss) - Number(a.dataLoss) ||
      byText(a.stack, b.stack) ||
      byText(a.address, b.address),
  );
  forgotten.sort((a, b) => byText(a.stack, b.stack) || byText(a.address, b.address));
  return { destroyed, forgotten, blockingDestroys: destroyed.filter((d) => d.blocking).length };
}

/** What destroying a resource that loses no data means for recovery. */
function noDataWindow(type: string, raw: Readonly<Record<string, unknown>>): string {
  if (DATA_LOSS_TYPES.has(type) && raw.disable_delete === true)
    return "nothing to recover: disable_delete keeps the data in Vault, Terraform only forgets the endpoint";
  return "nothing to recover: it holds no data, and applying the base again re-creates it";
}

function inventoryChanges(base: AccessModel, head: AccessModel): { added: InventoryChange[]; removed: InventoryChange[] } {
  const items = (model: AccessModel) => {
    const map = new Map<string, InventoryChange>();
    for (const env of model.intent.environments) {
      for (const credential of env.credentials)
        map.set(`${env.name}|credential|${credential.id}`, {
          environment: env.name,
          kind: "credential",
          id: credential.id,
          detail: credential.type,
        });
      for (const principal of env.principals) {
        map.set(`${env.name}|principal|${principal.id}`, {
          environment: env.name,
          kind: "principal",
          id: principal.id,
          detail: `${principal.class} ${principal.name}`,
        });
      }
    }
    return map;
  };
  const before = items(base);
  const after = items(head);
  const order = (a: InventoryChange, b: InventoryChange) =>
    byText(a.environment, b.environment) || byText(a.kind, b.kind) || byText(a.id, b.id);
  return {
    added: [...after.entries()]
      .filter(([k]) => !before.has(k))
      .map(([, v]) => v)
      .sort(order),
    removed: [...before.entries()]
      .filter(([k]) => !after.has(k))
      .map(([, v]) => v)
      .sort(order),
  };
}

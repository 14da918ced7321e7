import { REMINDERS_SOURCE } from "../rotation/reminders/contract";
import { byText } from "./compare";
import { awsNames, vaultNames } from "./names";
import { pseudoTargetNames, REMINDERS_KEY } from "./notifier-names";
import type { CredentialPlan, EnvironmentPlan } from "./types";
import { jsonLength } from "./json-length";
import { EVENTBRIDGE_INPUT_MAX_CHARS, hashParts } from "./vault-broker-rotation";
import { constructIds } from "./construct-ids";

/*
 * The daily reminder checker of one environment (issue 14 part 3): credentials only their issuer
 * can rotate (`rotation: { reminder: true }`) get a RotationDue message for their owner at T-7,
 * T-1, T-0 and weekly once overdue, decided from the store's own dates (lib/rotation/reminders).
 * It runs in the environment's AWS account: without one, nothing reminds (validation warns).
 */

export const REMINDERS_SCHEDULE = "cron(0 7 * * ? *)";
/** The input transformer's placeholder for the scheduled event's time. */
export const REMINDERS_TIME_PLACEHOLDER = "<time>";

export interface ReminderCredentialPlan {
  readonly credentialId: string;
  readonly connector: string;
  readonly credential: string;
  readonly owner: string;
  readonly sensitivity: string;
  readonly days: number;
  readonly store: "vault" | "aws";
  /** Vault: `<kv>/metadata/<key>` (the only path the checker's Vault policy reads); AWS: the secret's name. */
  readonly location: string;
  readonly kvMount?: string;
  readonly key?: string;
  readonly secretId?: string;
}

export interface RemindersPartPlan {
  /** Construct id: `reminders`, or `reminders-part-<n>`. */
  readonly id: string;
  readonly ruleName: string;
  /** Sorted credential ids. */
  readonly credentialIds: readonly string[];
}

export interface RemindersPlan {
  readonly functionName: string;
  readonly roleName: string;
  readonly logGroupName: string;
  readonly deadLetterQueueName: string;
  /** The function's execution role as Vault's AWS auth binds it (no IAM path). */
  readonly roleArn: string;
  readonly topicName: string;
  readonly pagingTopicName: string;
  readonly scheduleExpression: string;
  /** Vault login of the checker, when it reads Vault KV metadata. */
  readonly vault?: {
    readonly address: string;
    readonly namespace?: string;
    readonly authMount: string;
    readonly authRole: string;
    readonly policyName: string;
  };
  /** Sorted by credential id. */
  readonly credentials: readonly ReminderCredentialPlan[];
  /** Owners of the reminded credentials with their email, sorted by owner id. */
  readonly recipients: readonly { readonly ownerId: string; readonly email: string }[];
  /** Sorted by id. */
  readonly parts: readonly RemindersPartPlan[];
}

/** Credentials only the issuer can rotate, with a stored value the checker can date. */
export function isReminderCredential(credential: CredentialPlan): boolean {
  if (credential.destroyed || credential.register.state === "retired") return false;
  if (credential.rotation.mode !== "reminder" || credential.rotation.days === undefined) return false;
  return credential.store === "vault" ? !!credential.vault?.storedInKv : !!credential.aws?.storesSecret;
}

/**
 * Why some of an environment's reminder credentials are never reminded, or undefined when all are
 * (or it has none). The checker runs in the environment's AWS account and logs in to Vault with
 * Vault's built-in AWS auth (an external plugin on OpenBao).
 */
export function remindersGap(plan: EnvironmentPlan): string | undefined {
  const reminded = plan.credentials.filter(isReminderCredential);
  if (reminded.length === 0) return undefined;
  if (!plan.aws) return "the environment has no AWS account to run the daily reminder checker in";
  if (plan.vault?.edition === "openbao" && reminded.some((c) => c.store === "vault"))
    return "OpenBao has no built-in AWS auth for the daily reminder checker to log in with, so its Vault-stored reminder credentials are not checked";
  return undefined;
}

/** The checker of an environment, or undefined when it has no reminder credential it can check. */
export function planReminders(plan: EnvironmentPlan): RemindersPlan | undefined {
  if (remindersPlans.has(plan)) return remindersPlans.get(plan);
  const reminders = planOnce(plan);
  remindersPlans.set(plan, reminders);
  return reminders;
}

const remindersPlans = new WeakMap<EnvironmentPlan, RemindersPlan | undefined>();

function planOnce(plan: EnvironmentPlan): RemindersPlan | undefined {
  const aws = plan.aws;
  if (!aws) return undefined;
  const vault = plan.vault && plan.vault.edition !== "openbao" ? plan.vault : undefined;
  const credentials: ReminderCredentialPlan[] = plan.credentials
    .filter(isReminderCredential)
    .filter((c) => c.store === "aws" || !!vault)
    .map((c): ReminderCredentialPlan => {
      const base = {
        credentialId: c.id,
        connector: c.connectorId,
        credential: c.name,
        owner: c.register.owner,
        sensitivity: c.register.sensitivity,
        days: c.rotation.days!,
      };
      if (c.store === "vault")
        return { ...base, store: "vault", location: c.vault!.metadataPath, kvMount: vault!.mounts.kv, key: c.vault!.key };
      return { ...base, store: "aws", location: c.aws!.secretName, secretId: c.aws!.secretName };
    })
    .sort((a, b) => byText(a.credentialId, b.credentialId));
  if (credentials.length === 0) return undefined;

  const names = pseudoTargetNames(plan.organization, plan.name, REMINDERS_KEY);
  const owners = new Set(credentials.map((c) => c.owner));
  const base = {
    ...names,
    roleArn: awsNames.rotationRoleArn(aws.partition, aws.accountId, plan.organization, plan.name, REMINDERS_KEY),
    topicName: awsNames.remindersTopic(plan.organization, plan.name),
    pagingTopicName: awsNames.pagingTopic(plan.organization, plan.name),
    scheduleExpression: REMINDERS_SCHEDULE,
    ...(vault && credentials.some((c) => c.store === "vault")
      ? {
          vault: {
            address: vault.address,
            ...(vault.namespace ? { namespace: vault.namespace } : {}),
            authMount: vault.mounts.awsAuth,
            authRole: vaultNames.remindersAuthRole(plan.name),
            policyName: vaultNames.remindersPolicy(plan.name),
          },
        }
      : {}),
    recipients: aws.owners.filter((o) => owners.has(o.ownerId)),
  };
  // Parts by a hash of the credential id (a power of two), never by position: a new credential
  // moves no other one unless the input outgrows its parts.
  const entryLength = (c: ReminderCredentialPlan) => jsonLength(reminderEntry(base, c)) + 1;
  const total = credentials.reduce((sum, c) => sum + entryLength(c), 128);
  let count = 1;
  while (total / count > EVENTBRIDGE_INPUT_MAX_CHARS * 0.6) count *= 2;
  const parts: RemindersPartPlan[] = [];
  const byPart = hashParts(
    credentials.map((c) => c.credentialId),
    count,
  );
  for (let part = 0; part < count; part++) {
    const ids = byPart[part];
    if (ids.length === 0) continue;
    parts.push({
      id: constructIds.remindersPart(count === 1 ? undefined : part),
      ruleName: awsNames.rotationReminders(plan.organization, plan.name, count === 1 ? undefined : part),
      credentialIds: ids,
    });
  }
  return { ...base, credentials, parts };
}

/** One credential as the checker's event lists it (ReminderCredential of lib/rotation/reminders/contract.ts). */
export function reminderEntry(reminders: Pick<RemindersPlan, "vault">, c: ReminderCredentialPlan): Record<string, string | number> {
  const common = {
    connector: c.connector,
    credential: c.credential,
    owner: c.owner,
    sensitivity: c.sensitivity,
    days: c.days,
    store: c.store,
  };
  if (c.store === "aws") return { ...common, secretId: c.secretId! };
  const vault = reminders.vault!;
  return {
    ...common,
    vaultAddress: vault.address,
    ...(vault.namespace ? { namespace: vault.namespace } : {}),
    kvMount: c.kvMount!,
    key: c.key!,
    authMount: vault.authMount,
    authRole: vault.authRole,
  };
}

/**
 * The input template of one part's rule target: the event's constant part, with `time` left to
 * EventBridge's input transformer (`"time": <time>`, filled with the scheduled event's `$.time`).
 */
export function remindersInputTemplate(reminders: RemindersPlan, part: RemindersPartPlan): string {
  const byId = new Map(reminders.credentials.map((c) => [c.credentialId, c]));
  const entries = part.credentialIds.map((id) => reminderEntry(reminders, byId.get(id)!));
  return `{"source":${JSON.stringify(REMINDERS_SOURCE)},"time":${REMINDERS_TIME_PLACEHOLDER},"credentials":${JSON.stringify(entries)}}`;
}

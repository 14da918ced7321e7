import { rotationDue, shouldRemind, type RotationState } from "../../plan/rotation-due";
import type { AwsCredentials } from "../aws-sigv4";
import { RotationError } from "../errors";
import { environmentCredentials } from "../iam-access-key-client";
import { QuerySnsPublisher, type SnsPublisher } from "../notifier/sns-publisher";
import { describeError, RedactingLogger, type LogSink } from "../redacting-logger";
import { readRuntimeConfig } from "../runtime-config";
import { VaultClient, type VaultTarget } from "../vault/vault-client";
import {
  PAGING_SENSITIVITY,
  REMINDERS_ENVIRONMENT,
  REMINDERS_SECRETS_MANAGER_ENDPOINT,
  REMINDERS_SNS_ENDPOINT,
  REMINDERS_SOURCE,
  type ReminderCredential,
  type RemindersEvent,
  type RotationDueMessage,
} from "./contract";
import { SdkSecretVersions, VaultMetadataClient, type SecretVersionsApi, type VaultMetadataApi } from "./last-change";

/*
 * The daily reminder checker: for each credential only its issuer can rotate, read when its value
 * last changed from the store's own dates, decide with rotationDue/shouldRemind at the scheduled
 * event's time (never the clock of the run: a retry decides the same), and publish a RotationDue
 * message for the owner (and on the paging topic for critical credentials). Stateless: nothing is
 * recorded, so a rerun the same day reminds the same credentials again and no others.
 */

export interface RemindersConfig {
  readonly organization: string;
  readonly environment: string;
  readonly remindersTopicArn: string;
  /** @default none: a critical credential's reminder then fails the run (nothing would page) */
  readonly pagingTopicArn?: string;
}

export interface RemindersDependencies {
  readonly config: RemindersConfig;
  readonly vault: VaultMetadataApi;
  readonly secrets: SecretVersionsApi;
  /** The function's own credentials (its execution role), for the Vault login. */
  readonly credentials: () => AwsCredentials;
  readonly publisher: SnsPublisher;
  readonly logger: RedactingLogger;
}

/** What one credential's run found. */
export interface ReminderOutcome {
  readonly state: RotationState;
  readonly dueOn: string;
  /** Whether a reminder went out (to the owner; `paged`: also to on-call). */
  readonly reminded: boolean;
  readonly paged: boolean;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

export function validateRemindersEvent(event: RemindersEvent): readonly ReminderCredential[] {
  if (event?.source !== REMINDERS_SOURCE) throw new RotationError(`not a reminders event (source must be ${REMINDERS_SOURCE})`);
  if (typeof event.time !== "string" || Number.isNaN(Date.parse(event.time)))
    throw new RotationError("the reminders event has no time (the rule's input transformer fills it from the scheduled event)");
  if (!Array.isArray(event.credentials)) throw new RotationError("the reminders event has no credentials list");
  return event.credentials.map((c, index) => {
    for (const field of ["connector", "credential", "owner", "sensitivity"] as const) {
      if (!nonEmpty(c?.[field])) throw new RotationError(`credentials[${index}].${field} must be a non-empty string`);
    }
    if (!Number.isInteger(c.days) || c.days < 1)
      throw new RotationError(`credentials[${index}].days must be a whole number of days, at least 1`);
    if (c.store === "vault") {
      for (const field of ["vaultAddress", "kvMount", "key", "authMount", "authRole"] as const) {
        if (!nonEmpty(c[field])) throw new RotationError(`credentials[${index}].${field} must be a non-empty string`);
      }
    } else if (c.store === "aws") {
      if (!nonEmpty(c.secretId)) throw new RotationError(`credentials[${index}].secretId must be a non-empty string`);
    } else throw new RotationError(`credentials[${index}].store must be vault or aws`);
    return c;
  });
}

/** The runbook command a reminder names. */
export function runbookCommand(connector: string): string {
  return `etl-secrets runbook <inventory> ${connector}`;
}

/**
 * Checks every credential of the event. All are tried; the run fails (Lambda retries the same
 * event, then dead-letters it, which alarms) when any read or publish failed. A retry publishes
 * again what was already published: the same message, on the same day.
 */
export async function runReminders(event: RemindersEvent, deps: RemindersDependencies): Promise<Record<string, ReminderOutcome>> {
  const credentials = validateRemindersEvent(event);
  const now = new Date(event.time);
  const tokens = new Map<string, Promise<string>>();
  const outcomes: Record<string, ReminderOutcome> = {};
  const failures: string[] = [];
  for (const c of credentials) {
    const id = `${c.connector}/${c.credential}`;
    const logger = deps.logger.child({ credential: id });
    try {
      let lastChanged: string | undefined;
      if (c.store === "vault") {
        const target: VaultTarget = { address: c.vaultAddress, namespace: c.namespace || undefined };
        const loginKey = [c.vaultAddress, c.namespace ?? "", c.authMount, c.authRole].join("|");
        let token = tokens.get(loginKey);
        if (!token) {
          token = deps.vault.loginWithAwsIam(target, c.authMount, c.authRole, deps.credentials()).then((t) => {
            deps.logger.addSecret(t);
            return t;
          });
          tokens.set(loginKey, token);
        }
        lastChanged = await deps.vault.currentVersionCreated(target, await token, c.kvMount, c.key);
      } else {
        lastChanged = (await deps.secrets.currentVersionCreated(c.secretId))?.toISOString();
      }
      const due = rotationDue({ lastChange: lastChanged === undefined ? undefined : new Date(lastChanged), days: c.days, now });
      const remind = (due.state === "due-soon" || due.state === "overdue") && shouldRemind(due.state, due.daysToDue);
      let paged = false;
      if (remind) {
        const message: RotationDueMessage = {
          event: "RotationDue",
          organization: deps.config.organization,
          environment: deps.config.environment,
          connector: c.connector,
          credential: c.credential,
          state: due.state as "due-soon" | "overdue",
          lastChanged: lastChanged!,
          dueOn: due.dueOn,
          days: c.days,
          runbook: runbookCommand(c.connector),
        };
        const attributes = { owner: c.owner, connector: c.connector, sensitivity: c.sensitivity, state: message.state };
        const body = JSON.stringify(message);
        const messageId = await deps.publisher.publish({ topicArn: deps.config.remindersTopicArn, message: body, attributes });
        logger.info("reminder sent", { state: due.state, dueOn: due.dueOn, messageId });
        if (c.sensitivity === PAGING_SENSITIVITY) {
          if (!deps.config.pagingTopicArn)
            throw new RotationError(`${id} is critical and no paging topic is configured (${REMINDERS_ENVIRONMENT.pagingTopicArn})`);
          const pageId = await deps.publisher.publish({ topicArn: deps.config.pagingTopicArn, message: body, attributes });
          logger.info("on-call paged", { messageId: pageId });
          paged = true;
        }
      } else if (due.state === "unknown") {
        logger.info("no value yet: nothing to remind", {});
      }
      outcomes[id] = { state: due.state, dueOn: due.dueOn, reminded: remind, paged };
    } catch (error) {
      tokens.clear();
      const reason = logger.redact(error instanceof Error ? error.message : String(error));
      logger.error("reminder check failed", { reason });
      failures.push(`${id}: ${reason}`);
    }
  }
  // Redacted again at the end: a token learnt after an earlier failure is hidden there too.
  if (failures.length > 0)
    throw new RotationError(deps.logger.redact(`the reminder check failed for ${failures.length} credential(s): ${failures.join("; ")}`));
  return outcomes;
}

/** The configuration from the function's environment variables. */
export function remindersConfigFromEnvironment(environment: NodeJS.ProcessEnv): RemindersConfig {
  const required = [REMINDERS_ENVIRONMENT.organization, REMINDERS_ENVIRONMENT.environment, REMINDERS_ENVIRONMENT.remindersTopicArn];
  const missing = required.filter((name) => !environment[name]);
  if (missing.length > 0) throw new RotationError(`the reminder checker needs ${required.join(", ")}; missing ${missing.join(", ")}`);
  return {
    organization: environment[REMINDERS_ENVIRONMENT.organization]!,
    environment: environment[REMINDERS_ENVIRONMENT.environment]!,
    remindersTopicArn: environment[REMINDERS_ENVIRONMENT.remindersTopicArn]!,
    ...(environment[REMINDERS_ENVIRONMENT.pagingTopicArn] ? { pagingTopicArn: environment[REMINDERS_ENVIRONMENT.pagingTopicArn] } : {}),
  };
}

export interface RemindersHandlerOptions {
  /** @default process.env */
  readonly environment?: NodeJS.ProcessEnv;
  /** @default standard output */
  readonly sink?: LogSink;
  /** @default Vault over fetch */
  readonly vault?: VaultMetadataApi;
  /** @default ListSecretVersionIds over the AWS SDK */
  readonly secrets?: SecretVersionsApi;
  /** @default SNS Publish over the Query API */
  readonly publisher?: SnsPublisher;
}

/** The checker's Lambda handler: any failure is rethrown as redacted text (Lambda retries, then dead-letters). */
export function createRemindersHandler(options: RemindersHandlerOptions = {}) {
  return async function handler(event: RemindersEvent): Promise<Record<string, ReminderOutcome>> {
    const logger = new RedactingLogger(options.sink);
    try {
      const environment = options.environment ?? process.env;
      const runtime = readRuntimeConfig(environment);
      const config = remindersConfigFromEnvironment(environment);
      const credentials = () => environmentCredentials(environment);
      const region = environment.AWS_REGION ?? environment.AWS_DEFAULT_REGION;
      if (!region && (!options.publisher || !options.secrets)) throw new RotationError("the reminder checker needs AWS_REGION");
      const publisher =
        options.publisher ??
        new QuerySnsPublisher({ region: region!, endpoint: environment[REMINDERS_SNS_ENDPOINT] || undefined, credentials });
      const secrets =
        options.secrets ??
        new SdkSecretVersions({ region: region!, endpoint: environment[REMINDERS_SECRETS_MANAGER_ENDPOINT] || undefined });
      const vault =
        options.vault ?? new VaultMetadataClient(new VaultClient({ timeoutMs: runtime.connectTimeoutMs }), runtime.connectTimeoutMs);
      return await runReminders(event, { config, vault, secrets, credentials, publisher, logger });
    } catch (error) {
      const reason = describeError(error, logger);
      logger.error("reminder check failed", { reason });
      throw new RotationError(error instanceof RotationError ? logger.redact(error.message) : reason);
    }
  };
}

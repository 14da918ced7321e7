/*
 * Identity-catalogue entries of issue 14 part 3 (reminders that remind): kept here so
 * lib/plan/identity-catalogue.ts gains a few lines only.
 */
import { planReminders, type RemindersPlan } from "../reminder-plan";
import type { EnvironmentPlan } from "../types";
import { functionAlarmIdentities, type RegionalIdentity } from "./rotation-watch";

const EVENT_RULE_NAME_MAX = 64;
const SNS_TOPIC_NAME_MAX = 256;

/** The checker's function, role, log group and queue (registered like every function), when the environment has one. */
export function remindersFunction(env: EnvironmentPlan): RemindersPlan | undefined {
  return env.aws ? planReminders(env) : undefined;
}

/** Every regional AWS name of the checker beside its function: alarms, rules, the reminders and paging topics. */
export function remindersAwsIdentities(env: EnvironmentPlan): RegionalIdentity[] {
  const reminders = remindersFunction(env);
  if (!reminders) return [];
  return [
    ...functionAlarmIdentities(reminders.functionName),
    ...reminders.parts.map((part) => ({
      what: "EventBridge rule",
      service: "event-rule",
      name: part.ruleName,
      limit: EVENT_RULE_NAME_MAX,
    })),
    { what: "SNS topic", service: "sns", name: reminders.topicName, limit: SNS_TOPIC_NAME_MAX },
    { what: "SNS topic", service: "sns", name: reminders.pagingTopicName, limit: SNS_TOPIC_NAME_MAX },
  ];
}

/** The checker's Vault login (AWS auth role and policy), when it reads Vault. */
export function remindersVaultLogin(env: EnvironmentPlan): RemindersPlan["vault"] {
  return planReminders(env)?.vault;
}

import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Construct } from "constructs";
import type { EnvironmentPlan } from "../../plan/types";
import { EVENTBRIDGE_INPUT_MAX_CHARS, EVENTBRIDGE_RULES_PER_BUS } from "../../plan/vault-broker-rotation";
import { VAULT_SCHEDULE_SOURCE, type VaultScheduleEvent } from "../../rotation/contract";
import type { KeyPairBrokerCredential } from "../../rotation/slot-contract";
import type { RotationFunction } from "./rotation-function";
import { environmentPath, failAtSynth, type SynthError } from "../construct-errors";

export interface VaultBrokerRotationProps {
  readonly plan: EnvironmentPlan;
  /** The environment's key-broker rotation function (AwsEnvironment creates it when the plan asks). */
  readonly rotationFunction?: RotationFunction;
}

/**
 * Rotates the environment's Vault-stored broker credentials: one EventBridge schedule rule per
 * rotation period (parts only when the input would exceed EventBridge's limit) whose constant input
 * lists the credentials (`VaultScheduleEvent`), targeting the key-broker rotation function, which
 * logs in to Vault with AWS auth (vault-broker-login.ts on the Vault side). Ids come from the
 * period and the plan's hash parts, never from list positions.
 */
export class VaultBrokerRotation extends Construct {
  readonly rules: ReadonlyMap<string, CloudwatchEventRule>;

  constructor(scope: Construct, id: string, props: VaultBrokerRotationProps) {
    super(scope, id);
    const rotation = props.plan.aws?.vaultBrokerRotation;
    const rules = new Map<string, CloudwatchEventRule>();
    this.rules = rules;
    if (!rotation) return;
    const fn = props.rotationFunction;
    if (!fn) {
      failAtSynth(this, [
        {
          specPath: environmentPath(props.plan.name),
          message: "Vault-stored broker credentials need the key-broker rotation function, which was not created",
        },
      ]);
      return;
    }
    const errors: SynthError[] = [];
    if (rotation.schedules.length > EVENTBRIDGE_RULES_PER_BUS) {
      errors.push({
        specPath: environmentPath(props.plan.name),
        message: `${rotation.schedules.length} schedule rules exceed EventBridge's ${EVENTBRIDGE_RULES_PER_BUS} rules per bus; use fewer distinct rotation periods`,
      });
    }
    const byId = new Map(rotation.credentials.map((c) => [c.credentialId, c]));
    for (const schedule of rotation.schedules) {
      const scope = new Construct(this, schedule.id);
      const credentials: KeyPairBrokerCredential[] = schedule.credentialIds.map((credentialId) => {
        const c = byId.get(credentialId)!;
        return {
          vaultAddress: rotation.vaultAddress,
          ...(rotation.namespace ? { namespace: rotation.namespace } : {}),
          kvMount: c.kvMount,
          key: c.key,
          endpoint: c.endpoint,
          authMount: rotation.authMount,
          role: rotation.authRole,
          ...(c.keyPair ? { keyPair: c.keyPair } : {}),
        };
      });
      const event: VaultScheduleEvent = { source: VAULT_SCHEDULE_SOURCE, credentials };
      const input = JSON.stringify(event);
      if (input.length > EVENTBRIDGE_INPUT_MAX_CHARS)
        errors.push({
          specPath: environmentPath(props.plan.name),
          message: `schedule ${schedule.ruleName}: its input is ${input.length} characters, over EventBridge's ${EVENTBRIDGE_INPUT_MAX_CHARS}`,
        });
      const rule = new CloudwatchEventRule(scope, "rule", {
        name: schedule.ruleName,
        description: `Rotates the Vault-stored broker credentials of ${props.plan.name} every ${schedule.days} day(s)`,
        scheduleExpression: schedule.days === 1 ? "rate(1 day)" : `rate(${schedule.days} days)`,
      });
      const permission = new LambdaPermission(scope, "invoke", {
        statementId: `VaultSchedule-${schedule.id}`,
        action: "lambda:InvokeFunction",
        functionName: fn.function.functionName,
        principal: "events.amazonaws.com",
        sourceArn: rule.arn,
      });
      new CloudwatchEventTarget(scope, "target", {
        rule: rule.name,
        targetId: "key-broker-rotation",
        arn: fn.functionArn,
        input,
        dependsOn: [permission],
      });
      rules.set(schedule.id, rule);
    }
    failAtSynth(this, errors);
  }
}

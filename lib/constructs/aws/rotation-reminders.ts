import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { planReminders, REMINDERS_TIME_PLACEHOLDER, remindersInputTemplate } from "../../plan/reminder-plan";
import type { EnvironmentPlan } from "../../plan/types";
import { EVENTBRIDGE_INPUT_MAX_CHARS, EVENTBRIDGE_RULES_PER_BUS } from "../../plan/vault-broker-rotation";
import { serviceTrustPolicy } from "../../policy/aws/trust-policy";
import { remindersRolePolicy, remindersTopicPolicy } from "../../policy/aws/reminders-policy";
import { ROTATION_ENVIRONMENT } from "../../rotation/contract";
import { REMINDERS_ENVIRONMENT } from "../../rotation/reminders/contract";
import { packageRemindersFunction, REMINDERS_BUNDLE } from "../../rotation/reminders/package";
import { FunctionAlarms } from "./function-alarms";
import { PagingTopic } from "./paging-topic";
import { stagePackage } from "./rotation-package";
import { policyJson } from "./terraform-text";
import { constructIds } from "../../plan/construct-ids";
import { environmentPath, failAtSynth, type SynthError } from "../construct-errors";

export interface RotationRemindersProps {
  readonly plan: EnvironmentPlan;
  /** The environment's alarm topic (the function's own alarms), where it has one. */
  readonly alarmTopicArn?: string;
  /** Encrypts the log group, the topics, the environment variables and the dead-letter queue. */
  readonly logsKeyArn: string;
  /** IAM path of the environment's roles. */
  readonly iamPath: string;
  readonly logRetentionDays: number;
  readonly tags: Readonly<Record<string, string>>;
  /** VPC placement, when Vault is private (the rotation functions'). @default none */
  readonly vpc?: { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  /** Where the zip is staged before the asset copies it. @default a folder under the OS temp dir */
  readonly packageDirectory?: string;
}

/**
 * The environment's daily reminder checker (lib/plan/reminder-plan.ts): a function named like the
 * rotation functions (pseudo-target `reminders`: the logs key's grant and the environment's IAM path
 * cover it), run at 07:00 UTC by one rule per input part, publishing RotationDue messages on the
 * reminders topic (one email subscription per owner, filtered on the `owner` attribute) and, for
 * critical credentials, on the environment's paging topic, which has no subscription in Terraform.
 * Nothing is created when the plan has no checker.
 */
/** The checker's plan, when the environment has one. */
type RemindersPlan = NonNullable<ReturnType<typeof planReminders>>;
/** The environment's AWS account, region and partition. */
type PlanAws = NonNullable<EnvironmentPlan["aws"]>;

export class RotationReminders extends Construct {
  readonly function?: LambdaFunction;
  readonly role?: IamRole;
  readonly topic?: SnsTopic;
  readonly paging?: PagingTopic;
  readonly alarms?: FunctionAlarms;
  readonly rules: ReadonlyMap<string, CloudwatchEventRule>;

  // long-function: declares the reminders function's resources in creation order (asset, log group, role, function, alarms, topic, rules), which fixes the synthesized order the ledger and the construct trees lock
  constructor(scope: Construct, id: string, props: RotationRemindersProps) {
    super(scope, id);
    const rules = new Map<string, CloudwatchEventRule>();
    this.rules = rules;
    const reminders = planReminders(props.plan);
    const aws = props.plan.aws;
    if (!reminders || !aws) return;
    const staged = stagePackage(packageRemindersFunction(), REMINDERS_BUNDLE, props.packageDirectory);
    const asset = new TerraformAsset(this, "code", { path: staged.path, type: AssetType.FILE, assetHash: staged.sha256Hex });

    const logGroup = new CloudwatchLogGroup(this, "logs", {
      name: reminders.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKeyArn,
    });
    const deadLetterQueue = new SqsQueue(this, "dead-letters", {
      name: reminders.deadLetterQueueName,
      kmsMasterKeyId: props.logsKeyArn,
      messageRetentionSeconds: 14 * 86400,
    });
    this.role = new IamRole(this, "role", {
      name: reminders.roleName,
      path: props.iamPath,
      description: `Rotation reminder checker ${reminders.functionName}`,
      assumeRolePolicy: policyJson(serviceTrustPolicy("lambda.amazonaws.com")),
      maxSessionDuration: 3600,
      tags: { ...props.tags },
    });

    this.topic = this.addRemindersTopic(reminders, aws, this.role.arn, props.logsKeyArn);
    this.paging = new PagingTopic(this, "paging", {
      name: reminders.pagingTopicName,
      accountId: aws.accountId,
      partition: aws.partition,
      publisherRoleArn: this.role.arn,
      logsKeyArn: props.logsKeyArn,
    });

    const policy = new IamRolePolicy(this, "policy", {
      name: reminders.roleName,
      role: this.role.id,
      policy: policyJson(
        remindersRolePolicy({
          region: aws.region,
          logGroupArn: logGroup.arn,
          deadLetterQueueArn: deadLetterQueue.arn,
          topicArns: [this.topic.arn, this.paging.topic.arn],
          logsKeyArn: props.logsKeyArn,
        }),
      ),
    });
    this.function = new LambdaFunction(this, "function", {
      functionName: reminders.functionName,
      description: `Reminds the owners of the credentials of ${props.plan.organization}/${props.plan.name}/ only their issuer can rotate`,
      role: this.role.arn,
      filename: asset.path,
      sourceCodeHash: staged.sha256Base64,
      handler: staged.handler,
      runtime: staged.runtime,
      timeout: 120,
      memorySize: 128,
      // One run a day; a cap keeps a retry storm from starving the account.
      reservedConcurrentExecutions: 2,
      kmsKeyArn: props.logsKeyArn,
      deadLetterConfig: { targetArn: deadLetterQueue.arn },
      loggingConfig: { logFormat: "JSON", logGroup: reminders.logGroupName },
      tracingConfig: { mode: "Active" },
      // Names only, nothing secret.
      environment: {
        variables: {
          [ROTATION_ENVIRONMENT.connectTimeoutSeconds]: "10",
          [REMINDERS_ENVIRONMENT.environment]: props.plan.name,
          [REMINDERS_ENVIRONMENT.organization]: props.plan.organization,
          [REMINDERS_ENVIRONMENT.pagingTopicArn]: this.paging.topic.arn,
          [REMINDERS_ENVIRONMENT.remindersTopicArn]: this.topic.arn,
        },
      },
      ...(props.vpc ? { vpcConfig: { subnetIds: [...props.vpc.subnetIds], securityGroupIds: [...props.vpc.securityGroupIds] } } : {}),
      tags: { ...props.tags },
      dependsOn: [logGroup, policy],
    });
    this.alarms = new FunctionAlarms(this, "alarms", {
      functionName: reminders.functionName,
      deadLetterQueueName: reminders.deadLetterQueueName,
      alarmTopicArn: props.alarmTopicArn,
      purpose: "rotation reminder check",
    });

    this.addScheduleRules(reminders, aws, props, this.function, rules);
  }

  /** The reminders topic, its policy and one email subscription per owner, filtered on the `owner` attribute. */
  private addRemindersTopic(reminders: RemindersPlan, aws: PlanAws, publisherRoleArn: string, logsKeyArn: string): SnsTopic {
    const topic = new SnsTopic(this, "topic", { name: reminders.topicName, kmsMasterKeyId: logsKeyArn });
    new SnsTopicPolicy(this, "topic-policy", {
      arn: topic.arn,
      policy: policyJson(
        remindersTopicPolicy({ topicArn: topic.arn, publisherRoleArn, accountId: aws.accountId, partition: aws.partition }),
      ),
    });
    for (const recipient of reminders.recipients) {
      new SnsTopicSubscription(this, constructIds.reminderSubscription(recipient.ownerId), {
        topicArn: topic.arn,
        protocol: "email",
        endpoint: recipient.email,
        filterPolicyScope: "MessageAttributes",
        filterPolicy: JSON.stringify({ owner: [recipient.ownerId] }),
      });
    }
    return topic;
  }

  /** One schedule rule per input part, each invoking the function with its part; refuses what EventBridge would. */
  private addScheduleRules(
    reminders: RemindersPlan,
    aws: PlanAws,
    props: RotationRemindersProps,
    fn: LambdaFunction,
    rules: Map<string, CloudwatchEventRule>,
  ): void {
    const errors: SynthError[] = [];
    if (reminders.parts.length > EVENTBRIDGE_RULES_PER_BUS)
      errors.push({
        specPath: environmentPath(props.plan.name),
        message: `${reminders.parts.length} reminder rules exceed EventBridge's ${EVENTBRIDGE_RULES_PER_BUS} rules per bus`,
      });
    for (const part of reminders.parts) {
      const scope = new Construct(this, part.id);
      const template = remindersInputTemplate(reminders, part);
      if (template.length > EVENTBRIDGE_INPUT_MAX_CHARS)
        errors.push({
          specPath: environmentPath(props.plan.name),
          message: `rule ${part.ruleName}: its input template is ${template.length} characters, over EventBridge's ${EVENTBRIDGE_INPUT_MAX_CHARS}`,
        });
      const rule = new CloudwatchEventRule(scope, "rule", {
        name: part.ruleName,
        description: `Reminds the owners of ${props.plan.name}'s credentials only their issuer can rotate (daily, 07:00 UTC)`,
        scheduleExpression: reminders.scheduleExpression,
      });
      const permission = new LambdaPermission(scope, "invoke", {
        statementId: `Reminders-${part.id}`,
        action: "lambda:InvokeFunction",
        functionName: fn.functionName,
        principal: "events.amazonaws.com",
        sourceAccount: aws.accountId,
        sourceArn: rule.arn,
      });
      new CloudwatchEventTarget(scope, "target", {
        rule: rule.name,
        targetId: "reminders",
        arn: fn.arn,
        inputTransformer: { inputPaths: { [REMINDERS_TIME_PLACEHOLDER.slice(1, -1)]: "$.time" }, inputTemplate: template },
        dependsOn: [permission],
      });
      rules.set(part.id, rule);
    }
    failAtSynth(this, errors);
  }
}

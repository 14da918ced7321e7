import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import type { EnvironmentPlan } from "../../plan/types";
import { EVENTBRIDGE_INPUT_MAX_CHARS, EVENTBRIDGE_RULES_PER_BUS } from "../../plan/vault-broker-rotation";
import { planVaultStaticWatch, VAULT_WATCH_TIME_PLACEHOLDER, watchInputTemplate } from "../../plan/vault-static-watch";
import { serviceTrustPolicy } from "../../policy/aws/trust-policy";
import { vaultWatchRolePolicy } from "../../policy/aws/vault-watch-policy";
import { ROTATION_ENVIRONMENT } from "../../rotation/contract";
import { VAULT_ANNOUNCE_ALARM_TOPIC, VAULT_ANNOUNCE_ENVIRONMENT } from "../../rotation/vault/announcer";
import { packageVaultWatchFunction, VAULT_WATCH_BUNDLE } from "../../rotation/vault/watch-package";
import { FunctionAlarms } from "./function-alarms";
import { stagePackage } from "./rotation-package";
import { policyJson } from "./terraform-text";
import { environmentPath, failAtSynth, type SynthError } from "../construct-errors";

export interface VaultStaticWatchProps {
  readonly plan: EnvironmentPlan;
  /** The environment's RotationSucceeded topic (Detection). */
  readonly rotatedTopicArn: string;
  /** The environment's alarm topic (Detection): overdue rotations and the function's own alarms. */
  readonly alarmTopicArn: string;
  /** Encrypts the log group, the environment variables and the dead-letter queue. */
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
 * The environment's Vault static-role watcher (lib/plan/vault-static-watch.ts): a function named
 * like the rotation functions (pseudo-target `vault-watch`: the logs key's grant and the
 * environment's IAM path cover it), run every 15 minutes by one rule per input part. The rule's
 * input transformer puts the scheduled event's time into the constant input, so a retried run looks
 * at the same window. Nothing is created when the plan has no watcher.
 */
/** The watcher's plan, when the environment has one. */
type WatchPlan = NonNullable<ReturnType<typeof planVaultStaticWatch>>;
/** The environment's AWS account, region and partition. */
type PlanAws = NonNullable<EnvironmentPlan["aws"]>;

export class VaultStaticWatch extends Construct {
  readonly function?: LambdaFunction;
  readonly role?: IamRole;
  readonly alarms?: FunctionAlarms;
  readonly rules: ReadonlyMap<string, CloudwatchEventRule>;

  // long-function: declares the watch function's resources in creation order (asset, log group, role, function, alarms, rules), which fixes the synthesized order the ledger and the construct trees lock
  constructor(scope: Construct, id: string, props: VaultStaticWatchProps) {
    super(scope, id);
    const rules = new Map<string, CloudwatchEventRule>();
    this.rules = rules;
    const watch = planVaultStaticWatch(props.plan);
    const aws = props.plan.aws;
    if (!watch || !aws) return;
    const staged = stagePackage(packageVaultWatchFunction(), VAULT_WATCH_BUNDLE, props.packageDirectory);
    const asset = new TerraformAsset(this, "code", { path: staged.path, type: AssetType.FILE, assetHash: staged.sha256Hex });

    const logGroup = new CloudwatchLogGroup(this, "logs", {
      name: watch.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKeyArn,
    });
    const deadLetterQueue = new SqsQueue(this, "dead-letters", {
      name: watch.deadLetterQueueName,
      kmsMasterKeyId: props.logsKeyArn,
      messageRetentionSeconds: 14 * 86400,
    });
    this.role = new IamRole(this, "role", {
      name: watch.roleName,
      path: props.iamPath,
      description: `Vault static-role watcher ${watch.functionName}`,
      assumeRolePolicy: policyJson(serviceTrustPolicy("lambda.amazonaws.com")),
      maxSessionDuration: 3600,
      tags: { ...props.tags },
    });
    const policy = new IamRolePolicy(this, "policy", {
      name: watch.roleName,
      role: this.role.id,
      policy: policyJson(
        vaultWatchRolePolicy({
          region: aws.region,
          logGroupArn: logGroup.arn,
          deadLetterQueueArn: deadLetterQueue.arn,
          rotatedTopicArn: props.rotatedTopicArn,
          alarmTopicArn: props.alarmTopicArn,
          logsKeyArn: props.logsKeyArn,
        }),
      ),
    });
    this.function = new LambdaFunction(this, "function", {
      functionName: watch.functionName,
      description: `Announces the Vault static-role rotations of ${props.plan.organization}/${props.plan.name}/`,
      role: this.role.arn,
      filename: asset.path,
      sourceCodeHash: staged.sha256Base64,
      handler: staged.handler,
      runtime: staged.runtime,
      timeout: 60,
      memorySize: 128,
      // One run per window; a cap keeps a retry storm from starving the account.
      reservedConcurrentExecutions: 2,
      kmsKeyArn: props.logsKeyArn,
      deadLetterConfig: { targetArn: deadLetterQueue.arn },
      loggingConfig: { logFormat: "JSON", logGroup: watch.logGroupName },
      tracingConfig: { mode: "Active" },
      // Names only, nothing secret.
      environment: {
        variables: {
          [VAULT_ANNOUNCE_ALARM_TOPIC]: props.alarmTopicArn,
          [ROTATION_ENVIRONMENT.connectTimeoutSeconds]: "10",
          [VAULT_ANNOUNCE_ENVIRONMENT.environment]: props.plan.name,
          [VAULT_ANNOUNCE_ENVIRONMENT.organization]: props.plan.organization,
          [VAULT_ANNOUNCE_ENVIRONMENT.rotatedTopicArn]: props.rotatedTopicArn,
          [VAULT_ANNOUNCE_ENVIRONMENT.vaultCluster]: watch.vaultCluster,
        },
      },
      ...(props.vpc ? { vpcConfig: { subnetIds: [...props.vpc.subnetIds], securityGroupIds: [...props.vpc.securityGroupIds] } } : {}),
      tags: { ...props.tags },
      dependsOn: [logGroup, policy],
    });
    this.alarms = new FunctionAlarms(this, "alarms", {
      functionName: watch.functionName,
      deadLetterQueueName: watch.deadLetterQueueName,
      alarmTopicArn: props.alarmTopicArn,
      purpose: "Vault static-role watch",
    });

    this.addScheduleRules(watch, aws, props, this.function, rules);
  }

  /** One schedule rule per input part, each invoking the function with its part; refuses what EventBridge would. */
  private addScheduleRules(
    watch: WatchPlan,
    aws: PlanAws,
    props: VaultStaticWatchProps,
    fn: LambdaFunction,
    rules: Map<string, CloudwatchEventRule>,
  ): void {
    const errors: SynthError[] = [];
    if (watch.parts.length > EVENTBRIDGE_RULES_PER_BUS)
      errors.push({
        specPath: environmentPath(props.plan.name),
        message: `${watch.parts.length} watch rules exceed EventBridge's ${EVENTBRIDGE_RULES_PER_BUS} rules per bus`,
      });
    for (const part of watch.parts) {
      const scope = new Construct(this, part.id);
      const template = watchInputTemplate(watch, part);
      if (template.length > EVENTBRIDGE_INPUT_MAX_CHARS)
        errors.push({
          specPath: environmentPath(props.plan.name),
          message: `rule ${part.ruleName}: its input template is ${template.length} characters, over EventBridge's ${EVENTBRIDGE_INPUT_MAX_CHARS}`,
        });
      const rule = new CloudwatchEventRule(scope, "rule", {
        name: part.ruleName,
        description: `Announces the Vault static-role rotations of ${props.plan.name} (every ${watch.intervalSeconds / 60} minutes)`,
        scheduleExpression: watch.scheduleExpression,
      });
      const permission = new LambdaPermission(scope, "invoke", {
        statementId: `VaultWatch-${part.id}`,
        action: "lambda:InvokeFunction",
        functionName: fn.functionName,
        principal: "events.amazonaws.com",
        sourceAccount: aws.accountId,
        sourceArn: rule.arn,
      });
      new CloudwatchEventTarget(scope, "target", {
        rule: rule.name,
        targetId: "vault-watch",
        arn: fn.arn,
        inputTransformer: { inputPaths: { [VAULT_WATCH_TIME_PLACEHOLDER.slice(1, -1)]: "$.time" }, inputTemplate: template },
        dependsOn: [permission],
      });
      rules.set(part.id, rule);
    }
    failAtSynth(this, errors);
  }
}

import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { rotationNotifierNames } from "../../plan/notifier-names";
import { notifierRolePolicy } from "../../policy/aws/notifier-policy";
import { serviceTrustPolicy } from "../../policy/aws/trust-policy";
import { NOTIFIER_ENVIRONMENT } from "../../rotation/notifier/contract";
import { packageNotifierFunction } from "../../rotation/notifier/package";
import { FunctionAlarms } from "./function-alarms";
import { stagePackage } from "./rotation-package";
import { policyJson } from "./terraform-text";

export interface RotationNotifierProps {
  readonly organization: string;
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
  /** `/<organization>/<environment>/`: detection tells the library's roles by it. */
  readonly iamPath: string;
  /** The environment's RotationSucceeded topic: the only one it may publish to. */
  readonly topicArn: string;
  /** The EventBridge rule that invokes it (the Lambda permission's source_arn). */
  readonly ruleArn: string;
  /** Encrypts the topic, the log group, the environment variables and the dead-letter queue. */
  readonly logsKeyArn: string;
  /** The class table's log retention. */
  readonly logRetentionDays: number;
  /** Tags of the role and the function. @default `{ environment }` */
  readonly tags?: Readonly<Record<string, string>>;
  /** Concurrent executions reserved (and capped): one event per rotated secret. @default 5 */
  readonly reservedConcurrency?: number;
  /** @default 30 */
  readonly timeoutSeconds?: number;
  /** @default 128 */
  readonly memoryMb?: number;
  /** Where the zip is staged before the asset copies it. @default a folder under the OS temp dir */
  readonly packageDirectory?: string;
  /** The environment's alarm topic, where the function's errors and dead-letter alarms go. @default none */
  readonly alarmTopicArn?: string;
}

/**
 * The environment's rotation notifier: one small function (never one per connector, and never a rule
 * per connector: a bus takes 300 rules) that turns Secrets Manager's RotationSucceeded event into a
 * message naming the connector and credential (read from the secret's name), published on the
 * environment's topic with attributes consumers filter their subscriptions on.
 */
export class RotationNotifier extends Construct {
  readonly role: IamRole;
  readonly function: LambdaFunction;
  readonly permission: LambdaPermission;
  readonly logGroup: CloudwatchLogGroup;
  readonly deadLetterQueue: SqsQueue;
  readonly alarms: FunctionAlarms;

  constructor(scope: Construct, id: string, props: RotationNotifierProps) {
    super(scope, id);
    const names = rotationNotifierNames(props.organization, props.environment);
    const tags = { ...(props.tags ?? { environment: props.environment }) };
    const staged = stagePackage(packageNotifierFunction(), "notifier", props.packageDirectory);
    const asset = new TerraformAsset(this, "code", { path: staged.path, type: AssetType.FILE, assetHash: staged.sha256Hex });

    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      name: names.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKeyArn,
    });
    this.deadLetterQueue = new SqsQueue(this, "dead-letters", {
      name: names.deadLetterQueueName,
      kmsMasterKeyId: props.logsKeyArn,
      messageRetentionSeconds: 14 * 86400,
    });
    this.role = new IamRole(this, "role", {
      name: names.roleName,
      path: props.iamPath,
      description: `Rotation notifier ${names.functionName}`,
      assumeRolePolicy: policyJson(serviceTrustPolicy("lambda.amazonaws.com")),
      maxSessionDuration: 3600,
      tags: { ...tags },
    });
    const policy = new IamRolePolicy(this, "policy", {
      name: names.roleName,
      role: this.role.id,
      policy: policyJson(
        notifierRolePolicy({
          region: props.region,
          logGroupArn: this.logGroup.arn,
          deadLetterQueueArn: this.deadLetterQueue.arn,
          topicArn: props.topicArn,
          logsKeyArn: props.logsKeyArn,
        }),
      ),
    });
    this.function = new LambdaFunction(this, "function", {
      functionName: names.functionName,
      description: `Announces rotated secrets of ${props.organization}/${props.environment}/ by connector`,
      role: this.role.arn,
      filename: asset.path,
      sourceCodeHash: staged.sha256Base64,
      handler: staged.handler,
      runtime: staged.runtime,
      timeout: props.timeoutSeconds ?? 30,
      memorySize: props.memoryMb ?? 128,
      reservedConcurrentExecutions: props.reservedConcurrency ?? 5,
      kmsKeyArn: props.logsKeyArn,
      deadLetterConfig: { targetArn: this.deadLetterQueue.arn },
      loggingConfig: { logFormat: "JSON", logGroup: names.logGroupName },
      tracingConfig: { mode: "Active" },
      // Names only, nothing secret.
      environment: {
        variables: {
          [NOTIFIER_ENVIRONMENT.environment]: props.environment,
          [NOTIFIER_ENVIRONMENT.organization]: props.organization,
          [NOTIFIER_ENVIRONMENT.topicArn]: props.topicArn,
        },
      },
      tags: { ...tags },
      dependsOn: [this.logGroup, policy],
    });
    this.alarms = new FunctionAlarms(this, "alarms", {
      functionName: names.functionName,
      deadLetterQueueName: names.deadLetterQueueName,
      alarmTopicArn: props.alarmTopicArn,
      purpose: "Rotation notices",
    });
    this.permission = new LambdaPermission(this, "invoke", {
      statementId: "RotationSucceededRule",
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal: "events.amazonaws.com",
      sourceAccount: props.accountId,
      sourceArn: props.ruleArn,
    });
  }

  get functionArn(): string {
    return this.function.arn;
  }
}

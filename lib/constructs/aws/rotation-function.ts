import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import type { AwsRotationFunctionPlan } from "../../plan/aws-types";
import { rotationRolePolicy } from "../../policy/aws/role-policies";
import { serviceTrustPolicy } from "../../policy/aws/trust-policy";
import { LAMBDA_RDS_CA_BUNDLE, ROTATION_ENVIRONMENT } from "../../rotation/contract";
import { VAULT_ANNOUNCE_ENVIRONMENT } from "../../rotation/vault/announcer";
import { FunctionAlarms } from "./function-alarms";
import { stageRotationPackage } from "./rotation-package";
import type { RotationTarget } from "../../rotation/contract";
import { policyJson } from "./terraform-text";

export interface RotationFunctionProps {
  readonly fn: AwsRotationFunctionPlan & { readonly target: RotationTarget };
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** `arn:...:secret:<organization>/<environment>/`: which secrets may invoke it. */
  readonly secretArnPrefix: string;
  readonly iamPath: string;
  readonly secretsKeyArn: string;
  /** Encrypts the log group, the environment variables and the dead-letter queue. */
  readonly logsKeyArn: string;
  readonly logRetentionDays: number;
  /** Tags of the role (its `environment` tag is what the secrets' resource policies compare). */
  readonly tags: Readonly<Record<string, string>>;
  /** VPC placement, when the databases are private. @default none */
  readonly vpc?: { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  /**
   * Concurrent executions reserved (and capped): rotation is rare, and a cap keeps a rotation storm
   * from starving the account. @default 10
   */
  readonly reservedConcurrency?: number;
  /** @default 60 */
  readonly timeoutSeconds?: number;
  /** @default 256 */
  readonly memoryMb?: number;
  /** Seconds one database or broker connection may take before a step fails. @default 10 */
  readonly connectTimeoutSeconds?: number;
  /** Where the zip is staged before the asset copies it. @default a folder under the OS temp dir */
  readonly packageDirectory?: string;
  /**
   * Announce the Vault rotations the function makes (key-broker schedule) on this topic, with these
   * names (lib/rotation/vault/announcer.ts). @default none: nothing is announced
   */
  readonly announce?: RotationAnnouncementSettings;
  /** The environment's alarm topic, where the function's errors and dead-letter alarms go. @default none */
  readonly alarmTopicArn?: string;
}

/** What a function needs to announce Vault rotations: the topic and the names a message carries. */
export interface RotationAnnouncementSettings {
  readonly topicArn: string;
  readonly organization: string;
  readonly environment: string;
  /** The Vault cluster's key (`vaultClusterKey`). */
  readonly vaultCluster: string;
}

/** What differs between targets on the AWS side: settings (environment variables) and role statements. */
interface RotationTargetSettings {
  /** Generates passwords: GetRandomPassword and PASSWORD_LENGTH. */
  readonly generatesPasswords: boolean;
  /** IAM users whose access keys the function manages (aws-iam-access-key). */
  readonly managesAccessKeys: boolean;
  /** Connects to databases over TLS: trusts the RDS CAs of the runtime (NODE_EXTRA_CA_CERTS). */
  readonly connectsToDatabases: boolean;
}

const DATABASE_TARGET: RotationTargetSettings = { generatesPasswords: true, managesAccessKeys: false, connectsToDatabases: true };

/** Every packaged target's settings: a new target in ROTATION_TARGETS fails to compile until it is listed. */
export const ROTATION_TARGET_SETTINGS: Readonly<Record<RotationTarget, RotationTargetSettings>> = {
  "postgresql-single-user": DATABASE_TARGET,
  "postgresql-alternating-users": DATABASE_TARGET,
  "mysql-single-user": DATABASE_TARGET,
  "mysql-alternating-users": DATABASE_TARGET,
  "key-broker": { generatesPasswords: false, managesAccessKeys: false, connectsToDatabases: false },
  "aws-iam-access-key": { generatesPasswords: false, managesAccessKeys: true, connectsToDatabases: false },
};

/** The IAM users an environment's aws-iam-access-key function may manage: those under its IAM path. */
export function iamUserArnPattern(partition: string, accountId: string, iamPath: string): string {
  return `arn:${partition}:iam::${accountId}:user${iamPath}*`;
}

/**
 * The rotation function of one target in one environment, shared by every secret of that target
 * (one per connector would exhaust Lambda concurrency). Its role grants no secret: each secret's
 * resource policy names the role, so the role is scoped to exactly the secrets it rotates and never
 * changes when a connector is added.
 */
export class RotationFunction extends Construct {
  readonly role: IamRole;
  readonly function: LambdaFunction;
  readonly permission: LambdaPermission;
  readonly logGroup: CloudwatchLogGroup;
  readonly deadLetterQueue: SqsQueue;
  readonly alarms: FunctionAlarms;

  constructor(scope: Construct, id: string, props: RotationFunctionProps) {
    super(scope, id);
    const { fn } = props;
    const staged = stageRotationPackage(fn.target, props.packageDirectory);
    const asset = new TerraformAsset(this, "code", { path: staged.path, type: AssetType.FILE, assetHash: staged.sha256Hex });

    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      name: fn.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKeyArn,
    });
    this.deadLetterQueue = new SqsQueue(this, "dead-letters", {
      name: fn.deadLetterQueueName,
      kmsMasterKeyId: props.logsKeyArn,
      messageRetentionSeconds: 14 * 86400,
    });
    this.role = new IamRole(this, "role", {
      name: fn.roleName,
      path: props.iamPath,
      description: `Rotation function ${fn.functionName}`,
      // No aws:SourceAccount condition: Lambda does not reliably set it when it assumes an execution
      // role, and a role cannot be passed across accounts anyway (iam:PassRole is same-account).
      assumeRolePolicy: policyJson(serviceTrustPolicy("lambda.amazonaws.com")),
      maxSessionDuration: 3600,
      tags: { ...props.tags },
    });
    const policy = this.addRolePolicy(props);
    const variables = rotationVariables(props);
    this.function = new LambdaFunction(this, "function", {
      functionName: fn.functionName,
      description: `Rotates the ${fn.target} secrets of ${props.secretArnPrefix.split(":secret:")[1]}`,
      role: this.role.arn,
      filename: asset.path,
      sourceCodeHash: staged.sha256Base64,
      handler: staged.handler,
      runtime: staged.runtime,
      timeout: props.timeoutSeconds ?? 60,
      memorySize: props.memoryMb ?? 256,
      reservedConcurrentExecutions: props.reservedConcurrency ?? 10,
      kmsKeyArn: props.logsKeyArn,
      deadLetterConfig: { targetArn: this.deadLetterQueue.arn },
      loggingConfig: { logFormat: "JSON", logGroup: fn.logGroupName },
      // Active tracing (CKV_AWS_50): a failed rotation step shows which call (Secrets Manager, the
      // database, the broker) failed and how long it took. Segments carry timings, never values.
      tracingConfig: { mode: "Active" },
      environment: { variables },
      ...(props.vpc ? { vpcConfig: { subnetIds: [...props.vpc.subnetIds], securityGroupIds: [...props.vpc.securityGroupIds] } } : {}),
      tags: { ...props.tags },
      dependsOn: [this.logGroup, policy],
    });
    this.alarms = new FunctionAlarms(this, "alarms", {
      functionName: fn.functionName,
      deadLetterQueueName: fn.deadLetterQueueName,
      alarmTopicArn: props.alarmTopicArn,
      purpose: `Rotation (${fn.target})`,
    });
    // One permission for every secret of the environment, by name prefix: a permission per secret
    // would outgrow the function's 20 KB resource policy at a few hundred secrets.
    this.permission = new LambdaPermission(this, "invoke", {
      statementId: "SecretsManagerRotation",
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal: "secretsmanager.amazonaws.com",
      sourceAccount: props.accountId,
      sourceArn: `${props.secretArnPrefix}*`,
    });
  }

  get functionArn(): string {
    return this.function.arn;
  }

  get roleArn(): string {
    return this.role.arn;
  }

  /** The role's inline policy: logs, dead letters, keys, and what the target's settings add. */
  private addRolePolicy(props: RotationFunctionProps): IamRolePolicy {
    const { fn } = props;
    const settings = ROTATION_TARGET_SETTINGS[fn.target];
    return new IamRolePolicy(this, "policy", {
      name: fn.roleName,
      role: this.role.id,
      policy: policyJson(
        rotationRolePolicy({
          region: props.region,
          logGroupArn: this.logGroup.arn,
          deadLetterQueueArn: this.deadLetterQueue.arn,
          secretsKeyArn: props.secretsKeyArn,
          logsKeyArn: props.logsKeyArn,
          generatesPasswords: settings.generatesPasswords,
          rotatesSecrets: fn.rotates.length > 0,
          vpc: props.vpc !== undefined,
          managesAccessKeysOf: settings.managesAccessKeys ? iamUserArnPattern(props.partition, props.accountId, props.iamPath) : undefined,
          publishesTo: props.announce?.topicArn,
        }),
      ),
    });
  }
}

/** The function's environment variables: names and switches, never a secret. */
function rotationVariables(props: RotationFunctionProps): Record<string, string> {
  const { fn } = props;
  const settings = ROTATION_TARGET_SETTINGS[fn.target];
  return {
    [ROTATION_ENVIRONMENT.connectTimeoutSeconds]: String(props.connectTimeoutSeconds ?? 10),
    ...(settings.generatesPasswords ? { [ROTATION_ENVIRONMENT.passwordLength]: String(fn.passwordLength) } : {}),
    // Node 18+ Lambda runtimes no longer trust the Amazon RDS CAs by default; the runtime ships
    // them in this bundle, which Node adds to its roots at start (verify-full against RDS/Aurora).
    ...(settings.connectsToDatabases ? { NODE_EXTRA_CA_CERTS: LAMBDA_RDS_CA_BUNDLE } : {}),
    // Only where a rotated secret of the function pins sslmode disable (non-production, declared).
    ...(settings.connectsToDatabases && fn.allowsPlaintextDatabase ? { [ROTATION_ENVIRONMENT.allowPlaintextDatabase]: "true" } : {}),
    // Names only, nothing secret.
    ...(props.announce
      ? {
          [VAULT_ANNOUNCE_ENVIRONMENT.environment]: props.announce.environment,
          [VAULT_ANNOUNCE_ENVIRONMENT.organization]: props.announce.organization,
          [VAULT_ANNOUNCE_ENVIRONMENT.rotatedTopicArn]: props.announce.topicArn,
          [VAULT_ANNOUNCE_ENVIRONMENT.vaultCluster]: props.announce.vaultCluster,
        }
      : {}),
  };
}

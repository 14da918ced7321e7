import { Construct } from "constructs";
import { awsNames, vaultClusterKey } from "../../plan/names";
import type { EnvironmentPlan } from "../../plan/types";
import { AuditorRole } from "./auditor-role";
import { DrillRole } from "./drill-role";
import { drillableAwsSecrets, hasAwsDrillIdentity } from "../../plan/identity/drill";
import { BreakGlassRole } from "./break-glass-role";
import { CloudRole } from "./cloud-role";
import { ConsumerRole } from "./consumer-role";
import { Dashboards } from "./dashboard";
import { Detection } from "./detection";
import { KmsKeys } from "./kms-keys";
import { RotationFunction } from "./rotation-function";
import { isPackagedTarget } from "./rotation-package";
import { RotationSchedule } from "./rotation-schedule";
import { Secret } from "./secret";
import { SecretResourcePolicy } from "./secret-resource-policy";
import { hasVaultEngineRoles } from "../../plan/vault-engine-roles";
import { VaultEngineRoles } from "./vault-engine-roles";
import { VaultBrokerRotation } from "./vault-broker-rotation";
import { VaultStaticWatch } from "./vault-static-watch";
import { RotationReminders } from "./rotation-reminders";
import { planReminders } from "../../plan/reminder-plan";
import { VAULT_BROKER_ROTATION_TARGET } from "../../plan/vault-broker-rotation";
import { constructIds } from "../../plan/construct-ids";

export interface AwsEnvironmentProps {
  /** The environment's plan; `plan.aws` must be set. */
  readonly plan: EnvironmentPlan;
  /** Where rotation zips are staged before the assets copy them. @default a folder under the OS temp dir */
  readonly packageDirectory?: string;
}

/** Whether an environment has anything for the AWS side to render. */
export function hasAwsResources(plan: EnvironmentPlan): boolean {
  const aws = plan.aws;
  return (
    !!aws &&
    (aws.secrets.length > 0 || aws.consumerRoles.length > 0 || aws.cloudRoles.length > 0 || hasVaultEngineRoles(plan) || plan.aws?.vaultBrokerRotation !== undefined || planReminders(plan) !== undefined)
  );
}

/**
 * The AWS side of one environment, composed from its plan: keys, a secret per credential with its
 * resource policy and (once seeded) its rotation, the shared rotation functions, consumer roles,
 * cloud roles, the break-glass role, detection and dashboards. Child ids come from spec keys
 * (connector id, credential name, consumer id, rotation target), never from list positions.
 */
export class AwsEnvironment extends Construct {
  readonly keys: KmsKeys;
  readonly secrets: ReadonlyMap<string, Secret>;
  readonly rotationFunctions: ReadonlyMap<string, RotationFunction>;
  readonly consumerRoles: ReadonlyMap<string, ConsumerRole>;
  readonly cloudRoles: ReadonlyMap<string, CloudRole>;
  /** Detection (trail metric filters, alarms and their topic), where the environment has secrets. */
  readonly detection?: Detection;
  /** The daily reminder checker and its reminders and paging topics (empty when nothing is reminded here). */
  readonly reminders: RotationReminders;

  constructor(scope: Construct, id: string, props: AwsEnvironmentProps) {
    super(scope, id);
    const plan = props.plan;
    const aws = plan.aws;
    if (!aws) throw new Error(`${this.node.path}: environment ${plan.name} has no aws settings; AwsEnvironment needs environments[].aws`);
    const context = { partition: aws.partition, accountId: aws.accountId, region: aws.region };
    const roleTags = { environment: plan.name };
    const secretNamePrefix = `${plan.organization}/${plan.name}/`;

    this.keys = new KmsKeys(this, "keys", {
      ...context,
      environment: plan.name,
      secretsKeyAlias: aws.secretsKeyAlias,
      logsKeyAlias: aws.logsKeyAlias,
      deletionWindowDays: aws.kmsDeletionWindowDays,
      preventDestroy: plan.preventDestroy,
      logGroupPattern: awsNames.lambdaLogGroup(awsNames.rotationFunction(plan.organization, plan.name, "*")),
    });
    const secretsKeyArn = this.keys.secretsKey.arn;
    const logsKeyArn = this.keys.logsKey.arn;

    // The key-broker function announces the Vault rotations it makes on the environment's
    // RotationSucceeded topic, which exists where detection does (an environment with secrets).
    const announcesVault = plan.aws?.vaultBrokerRotation !== undefined && aws.secrets.length > 0;
    const announce = announcesVault
      ? {
          topicArn: `arn:${aws.partition}:sns:${aws.region}:${aws.accountId}:${aws.detection.rotatedTopic}`,
          organization: plan.organization,
          environment: plan.name,
          vaultCluster: vaultClusterKey(plan.vault!.address),
        }
      : undefined;
    // The environment's alarm topic (Detection, below) exists where it has secrets; named, not referenced, as the functions come first.
    const alarmTopicArn = aws.secrets.length > 0 ? `arn:${aws.partition}:sns:${aws.region}:${aws.accountId}:${aws.detection.alarmTopic}` : undefined;
    const functions = new Map<string, RotationFunction>();
    for (const fn of aws.rotationFunctions) {
      const target = fn.target;
      if (!isPackagedTarget(target)) continue;
      functions.set(
        target,
        new RotationFunction(this, constructIds.rotationFunction(target), {
          ...context,
          fn: { ...fn, target },
          secretArnPrefix: aws.secretArnPrefix,
          iamPath: aws.iamPath,
          secretsKeyArn,
          logsKeyArn,
          logRetentionDays: aws.logRetentionDays,
          tags: roleTags,
          vpc: aws.rotationVpc,
          packageDirectory: props.packageDirectory,
          announce: target === VAULT_BROKER_ROTATION_TARGET ? announce : undefined,
          alarmTopicArn,
        }),
      );
    }
    this.rotationFunctions = functions;

    const secrets = new Map<string, Secret>();
    for (const secret of aws.secrets) {
      const unpackaged = secret.rotation && !isPackagedTarget(secret.rotation.target);
      secrets.set(
        secret.credentialId,
        new Secret(this, constructIds.secret(secret.credentialId), {
          secret,
          kmsKeyArn: secretsKeyArn,
          extraTags: unpackaged ? { "rotation-exemption": `no rotation function is packaged for ${secret.rotation!.target} yet` } : undefined,
        }),
      );
    }
    this.secrets = secrets;

    const consumers = new Map<string, ConsumerRole>();
    for (const role of aws.consumerRoles) {
      consumers.set(role.consumerId, new ConsumerRole(this, constructIds.consumerRole(role.consumerId), { role, partition: aws.partition, iamPath: aws.iamPath, tags: roleTags }));
    }
    this.consumerRoles = consumers;
    const consumerRoleArn = (consumerId: string) => {
      const role = consumers.get(consumerId);
      if (!role) throw new Error(`${this.node.path}: no role for consumer ${consumerId}`);
      return role.roleArn;
    };

    const cloudRoles = new Map<string, CloudRole>();
    for (const role of aws.cloudRoles) {
      cloudRoles.set(
        role.credentialId,
        new CloudRole(this, constructIds.cloudRole(role.credentialId), {
          role,
          partition: aws.partition,
          iamPath: aws.iamPath,
          consumerRoleArn,
        }),
      );
    }
    this.cloudRoles = cloudRoles;
    if (hasVaultEngineRoles(plan)) new VaultEngineRoles(this, "vault-engine-roles", { plan });

    for (const role of consumers.values()) {
      role.grant({
        environment: plan.name,
        region: aws.region,
        secretsKeyArn,
        secretArn: (credentialId) => secrets.get(credentialId)!.arn,
        cloudRoleArn: (credentialId) => cloudRoles.get(credentialId)!.roleArn,
      });
    }

    for (const secret of aws.secrets) {
      const scope = secrets.get(secret.credentialId)!;
      const rotator = secret.rotation ? functions.get(secret.rotation.target) : undefined;
      const policy = new SecretResourcePolicy(scope, "resource-policy", {
        environment: plan.name,
        accountId: aws.accountId,
        secretArn: scope.arn,
        rotationRoleArn: rotator?.roleArn,
        masterReaderRoleArns: secret.masterOf.flatMap((target) => (functions.has(target) ? [functions.get(target)!.roleArn] : [])),
        quarantinedPrincipalArns: secret.quarantined ? secret.readers.filter((id) => consumers.has(id)).map(consumerRoleArn) : undefined,
        // Break-glass replaces and rotates a quarantined secret but never reads it (created below; its ARN is known).
        quarantinedReaderArns: secret.quarantined && aws.breakGlass ? [`arn:${aws.partition}:iam::${aws.accountId}:role${aws.iamPath}${aws.breakGlass.roleName}`] : undefined,
        // Existing roles carry whatever tags their owner gave them: exempt by exact ARN from the untagged deny.
        untaggedReaderArns: secret.readers.filter((id) => consumers.has(id) && !consumers.get(id)!.role).map(consumerRoleArn),
      });
      if (secret.rotation?.enabled && rotator) {
        new RotationSchedule(scope, "rotation", {
          secretArn: scope.arn,
          rotationLambdaArn: rotator.functionArn,
          days: secret.rotation.days,
          immediately: secret.rotation.immediately,
          dependsOn: [rotator.permission, policy.resource],
        });
      }
    }

    new VaultBrokerRotation(this, "vault-broker-rotation", { plan, rotationFunction: functions.get(VAULT_BROKER_ROTATION_TARGET) });

    new AuditorRole(this, "auditor", {
      organization: plan.organization,
      environment: plan.name,
      partition: aws.partition,
      accountId: aws.accountId,
      iamPath: aws.iamPath,
      secretArnPrefix: aws.secretArnPrefix,
      tags: roleTags,
      ...(aws.auditLog ? { auditLog: { logGroupArn: aws.auditLog.logGroupArn, ...(aws.auditLog.readerRoleArn ? { readerRoleArn: aws.auditLog.readerRoleArn } : {}) } } : {}),
    });

    // The drill role: non-production tiers only (TierClass.drillIdentity), when a secret is drillable.
    if (hasAwsDrillIdentity(plan)) {
      new DrillRole(this, "drill", {
        organization: plan.organization,
        environment: plan.name,
        partition: aws.partition,
        accountId: aws.accountId,
        region: aws.region,
        iamPath: aws.iamPath,
        secretArns: drillableAwsSecrets(plan).map((c) => secrets.get(c.id)!.arn),
        secretsKeyArn,
        tags: roleTags,
      });
    }

    if (aws.breakGlass) {
      new BreakGlassRole(this, "break-glass", {
        ...context,
        plan: aws.breakGlass,
        environment: plan.name,
        iamPath: aws.iamPath,
        secretArnPrefix: aws.secretArnPrefix,
        secretsKeyArn,
        tags: roleTags,
      });
    }

    if (aws.secrets.length > 0) {
      const detection = (this.detection = new Detection(this, "detection", {
        ...context,
        detection: aws.detection,
        environment: plan.name,
        iamPath: aws.iamPath,
        secretNamePrefix,
        secretArnPrefix: aws.secretArnPrefix,
        secretsKeyId: this.keys.secretsKey.keyId,
        logsKeyArn,
        logRetentionDays: aws.logRetentionDays,
        tags: roleTags,
        packageDirectory: props.packageDirectory,
      }));
      new Dashboards(this, "dashboards", {
        dashboards: aws.dashboards,
        environment: plan.name,
        region: aws.region,
        trailLogGroup: aws.detection.trailLogGroup,
        secretNamePrefix,
      });
      new VaultStaticWatch(this, "vault-static-watch", {
        plan,
        rotatedTopicArn: detection.rotatedTopic.arn,
        alarmTopicArn: detection.alarmTopic.arn,
        logsKeyArn,
        iamPath: aws.iamPath,
        logRetentionDays: aws.logRetentionDays,
        tags: roleTags,
        vpc: aws.rotationVpc,
        packageDirectory: props.packageDirectory,
      });
    }

    this.reminders = new RotationReminders(this, "rotation-reminders", {
      plan,
      secretArn: (credentialId) => secrets.get(credentialId)!.arn,
      alarmTopicArn,
      logsKeyArn,
      iamPath: aws.iamPath,
      logRetentionDays: aws.logRetentionDays,
      tags: roleTags,
      vpc: aws.rotationVpc,
      packageDirectory: props.packageDirectory,
    });
  }
}

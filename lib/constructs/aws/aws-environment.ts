import { Construct } from "constructs";
import { awsNames, vaultClusterKey } from "../../plan/names";
import type { AwsEnvironmentPlan, EnvironmentPlan } from "../../plan/types";
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
  /** Where rotation zips are staged before the assets copy them (see stagePackage). @default the user's own folder under the OS temp dir */
  readonly packageDirectory?: string;
}

/** Whether an environment has anything for the AWS side to render. */
export function hasAwsResources(plan: EnvironmentPlan): boolean {
  const aws = plan.aws;
  return (
    !!aws &&
    (aws.secrets.length > 0 ||
      aws.consumerRoles.length > 0 ||
      aws.cloudRoles.length > 0 ||
      hasVaultEngineRoles(plan) ||
      plan.aws?.vaultBrokerRotation !== undefined ||
      planReminders(plan) !== undefined)
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
    this.keys = this.renderKeys(plan, aws);
    const at: AwsRenderContext = {
      plan,
      aws,
      account: { partition: aws.partition, accountId: aws.accountId, region: aws.region },
      roleTags: { environment: plan.name },
      secretNamePrefix: `${plan.organization}/${plan.name}/`,
      secretsKeyArn: this.keys.secretsKey.arn,
      logsKeyArn: this.keys.logsKey.arn,
      // The environment's alarm topic (Detection, below) exists where it has secrets; named, not referenced, as the functions come first.
      alarmTopicArn:
        aws.secrets.length > 0 ? `arn:${aws.partition}:sns:${aws.region}:${aws.accountId}:${aws.detection.alarmTopic}` : undefined,
      packageDirectory: props.packageDirectory,
    };
    this.rotationFunctions = this.renderRotationFunctions(at);
    this.secrets = this.renderSecrets(at);
    this.consumerRoles = this.renderConsumerRoles(at);
    this.cloudRoles = this.renderCloudRoles(at);
    if (hasVaultEngineRoles(plan)) new VaultEngineRoles(this, "vault-engine-roles", { plan });
    this.grantConsumers(at);
    new VaultBrokerRotation(this, "vault-broker-rotation", {
      plan,
      rotationFunction: this.rotationFunctions.get(VAULT_BROKER_ROTATION_TARGET),
    });
    const drillRole = this.renderPeopleRoles(at);
    if (aws.secrets.length > 0) this.detection = this.renderDetection(at);
    this.reminders = new RotationReminders(this, "rotation-reminders", {
      plan,
      alarmTopicArn: at.alarmTopicArn,
      logsKeyArn: at.logsKeyArn,
      iamPath: aws.iamPath,
      logRetentionDays: aws.logRetentionDays,
      tags: at.roleTags,
      vpc: aws.rotationVpc,
      packageDirectory: props.packageDirectory,
    });
    // Last: each secret's policy names the roles above that it grants (the drill role, the reminder
    // checker's); they live in the secrets' own scopes, so every construct keeps its children's order.
    this.renderSecretPolicies(at, { drillRoleArn: drillRole?.role.arn, reminderCheckerRoleArn: this.reminders.role?.arn });
  }

  private renderKeys(plan: EnvironmentPlan, aws: AwsEnvironmentPlan): KmsKeys {
    return new KmsKeys(this, "keys", {
      partition: aws.partition,
      accountId: aws.accountId,
      region: aws.region,
      environment: plan.name,
      secretsKeyAlias: aws.secretsKeyAlias,
      logsKeyAlias: aws.logsKeyAlias,
      deletionWindowDays: aws.kmsDeletionWindowDays,
      preventDestroy: plan.preventDestroy,
      logGroupPattern: awsNames.lambdaLogGroup(awsNames.rotationFunction(plan.organization, plan.name, "*")),
    });
  }

  /** The shared rotation functions, by target (only targets with a packaged function). */
  private renderRotationFunctions(at: AwsRenderContext): Map<string, RotationFunction> {
    const { plan, aws } = at;
    // The key-broker function announces the Vault rotations it makes on the environment's
    // RotationSucceeded topic, which exists where detection does (an environment with secrets).
    const announcesVault = aws.vaultBrokerRotation !== undefined && aws.secrets.length > 0;
    const announce = announcesVault
      ? {
          topicArn: `arn:${aws.partition}:sns:${aws.region}:${aws.accountId}:${aws.detection.rotatedTopic}`,
          organization: plan.organization,
          environment: plan.name,
          vaultCluster: vaultClusterKey(plan.vault!.address),
        }
      : undefined;
    const functions = new Map<string, RotationFunction>();
    for (const fn of aws.rotationFunctions) {
      const target = fn.target;
      if (!isPackagedTarget(target)) continue;
      functions.set(
        target,
        new RotationFunction(this, constructIds.rotationFunction(target), {
          ...at.account,
          fn: { ...fn, target },
          secretArnPrefix: aws.secretArnPrefix,
          iamPath: aws.iamPath,
          secretsKeyArn: at.secretsKeyArn,
          logsKeyArn: at.logsKeyArn,
          logRetentionDays: aws.logRetentionDays,
          tags: at.roleTags,
          vpc: aws.rotationVpc,
          packageDirectory: at.packageDirectory,
          announce: target === VAULT_BROKER_ROTATION_TARGET ? announce : undefined,
          alarmTopicArn: at.alarmTopicArn,
        }),
      );
    }
    return functions;
  }

  private renderSecrets(at: AwsRenderContext): Map<string, Secret> {
    const secrets = new Map<string, Secret>();
    for (const secret of at.aws.secrets) {
      const unpackaged = secret.rotation && !isPackagedTarget(secret.rotation.target);
      secrets.set(
        secret.credentialId,
        new Secret(this, constructIds.secret(secret.credentialId), {
          secret,
          kmsKeyArn: at.secretsKeyArn,
          extraTags: unpackaged
            ? { "rotation-exemption": `no rotation function is packaged for ${secret.rotation!.target} yet` }
            : undefined,
        }),
      );
    }
    return secrets;
  }

  private renderConsumerRoles(at: AwsRenderContext): Map<string, ConsumerRole> {
    const { aws } = at;
    const consumers = new Map<string, ConsumerRole>();
    for (const role of aws.consumerRoles) {
      consumers.set(
        role.consumerId,
        new ConsumerRole(this, constructIds.consumerRole(role.consumerId), {
          role,
          partition: aws.partition,
          iamPath: aws.iamPath,
          tags: at.roleTags,
        }),
      );
    }
    return consumers;
  }

  private consumerRoleArn(consumerId: string): string {
    const role = this.consumerRoles.get(consumerId);
    if (!role) throw new Error(`${this.node.path}: no role for consumer ${consumerId}`);
    return role.roleArn;
  }

  private renderCloudRoles(at: AwsRenderContext): Map<string, CloudRole> {
    const { aws } = at;
    const cloudRoles = new Map<string, CloudRole>();
    for (const role of aws.cloudRoles) {
      cloudRoles.set(
        role.credentialId,
        new CloudRole(this, constructIds.cloudRole(role.credentialId), {
          role,
          partition: aws.partition,
          iamPath: aws.iamPath,
          consumerRoleArn: (consumerId) => this.consumerRoleArn(consumerId),
        }),
      );
    }
    return cloudRoles;
  }

  private grantConsumers(at: AwsRenderContext): void {
    for (const role of this.consumerRoles.values()) {
      role.grant({
        environment: at.plan.name,
        region: at.aws.region,
        secretsKeyArn: at.secretsKeyArn,
        secretArn: (credentialId) => this.secrets.get(credentialId)!.arn,
        cloudRoleArn: (credentialId) => this.cloudRoles.get(credentialId)!.roleArn,
      });
    }
  }

  /**
   * Each secret's resource policy and, where it rotates with a packaged function, its rotation
   * schedule. The drill role and the reminder checker are granted here, on exactly the secrets the
   * plan gives them, rather than by ARN lists in their own policies, which IAM's size limit caps.
   */
  private renderSecretPolicies(
    at: AwsRenderContext,
    roles: { readonly drillRoleArn?: string; readonly reminderCheckerRoleArn?: string },
  ): void {
    const { plan, aws } = at;
    const functions = this.rotationFunctions;
    const consumers = this.consumerRoles;
    const consumerRoleArn = (consumerId: string) => this.consumerRoleArn(consumerId);
    const drilled = new Set(roles.drillRoleArn ? drillableAwsSecrets(plan).map((c) => c.id) : []);
    const checked = new Set(
      roles.reminderCheckerRoleArn
        ? (planReminders(plan)?.credentials ?? []).filter((c) => c.store === "aws").map((c) => c.credentialId)
        : [],
    );
    for (const secret of aws.secrets) {
      const scope = this.secrets.get(secret.credentialId)!;
      const rotator = secret.rotation ? functions.get(secret.rotation.target) : undefined;
      const policy = new SecretResourcePolicy(scope, "resource-policy", {
        environment: at.plan.name,
        accountId: aws.accountId,
        secretArn: scope.arn,
        rotationRoleArn: rotator?.roleArn,
        masterReaderRoleArns: secret.masterOf.flatMap((target) => (functions.has(target) ? [functions.get(target)!.roleArn] : [])),
        drillRoleArn: drilled.has(secret.credentialId) ? roles.drillRoleArn : undefined,
        reminderCheckerRoleArn: checked.has(secret.credentialId) ? roles.reminderCheckerRoleArn : undefined,
        quarantinedPrincipalArns: secret.quarantined ? secret.readers.filter((id) => consumers.has(id)).map(consumerRoleArn) : undefined,
        // Break-glass replaces and rotates a quarantined secret but never reads it (created below; its ARN is known).
        quarantinedReaderArns:
          secret.quarantined && aws.breakGlass
            ? [`arn:${aws.partition}:iam::${aws.accountId}:role${aws.iamPath}${aws.breakGlass.roleName}`]
            : undefined,
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
  }

  /** The roles people assume: the auditor's, the drill role (non-production; returned, for the secrets' policies), break-glass. */
  private renderPeopleRoles(at: AwsRenderContext): DrillRole | undefined {
    const { plan, aws } = at;
    new AuditorRole(this, "auditor", {
      organization: plan.organization,
      environment: plan.name,
      partition: aws.partition,
      accountId: aws.accountId,
      iamPath: aws.iamPath,
      secretArnPrefix: aws.secretArnPrefix,
      tags: at.roleTags,
      ...(aws.auditLog
        ? {
            auditLog: {
              logGroupArn: aws.auditLog.logGroupArn,
              ...(aws.auditLog.readerRoleArn ? { readerRoleArn: aws.auditLog.readerRoleArn } : {}),
            },
          }
        : {}),
    });

    // The drill role: non-production tiers only (TierClass.drillIdentity), when a secret is drillable.
    const drillRole = hasAwsDrillIdentity(plan)
      ? new DrillRole(this, "drill", {
          organization: plan.organization,
          environment: plan.name,
          partition: aws.partition,
          accountId: aws.accountId,
          region: aws.region,
          iamPath: aws.iamPath,
          secretsKeyArn: at.secretsKeyArn,
          tags: at.roleTags,
        })
      : undefined;

    if (aws.breakGlass) {
      new BreakGlassRole(this, "break-glass", {
        ...at.account,
        plan: aws.breakGlass,
        environment: plan.name,
        iamPath: aws.iamPath,
        secretArnPrefix: aws.secretArnPrefix,
        secretsKeyArn: at.secretsKeyArn,
        tags: at.roleTags,
      });
    }
    return drillRole;
  }

  /** Detection, dashboards and the Vault static-role watcher: where the environment has secrets (their topics live there). */
  private renderDetection(at: AwsRenderContext): Detection {
    const { plan, aws } = at;
    const detection = new Detection(this, "detection", {
      ...at.account,
      detection: aws.detection,
      environment: plan.name,
      iamPath: aws.iamPath,
      secretNamePrefix: at.secretNamePrefix,
      secretArnPrefix: aws.secretArnPrefix,
      secretsKeyId: this.keys.secretsKey.keyId,
      logsKeyArn: at.logsKeyArn,
      logRetentionDays: aws.logRetentionDays,
      tags: at.roleTags,
      packageDirectory: at.packageDirectory,
    });
    new Dashboards(this, "dashboards", {
      dashboards: aws.dashboards,
      environment: plan.name,
      region: aws.region,
      trailLogGroup: aws.detection.trailLogGroup,
      secretNamePrefix: at.secretNamePrefix,
    });
    new VaultStaticWatch(this, "vault-static-watch", {
      plan,
      rotatedTopicArn: detection.rotatedTopic.arn,
      alarmTopicArn: detection.alarmTopic.arn,
      logsKeyArn: at.logsKeyArn,
      iamPath: aws.iamPath,
      logRetentionDays: aws.logRetentionDays,
      tags: at.roleTags,
      vpc: aws.rotationVpc,
      packageDirectory: at.packageDirectory,
    });
    return detection;
  }
}

/** What every part of one environment's AWS side reads: its plan, account, shared tags, keys and topics. */
interface AwsRenderContext {
  readonly plan: EnvironmentPlan;
  readonly aws: AwsEnvironmentPlan;
  readonly account: { readonly partition: string; readonly accountId: string; readonly region: string };
  readonly roleTags: Readonly<Record<string, string>>;
  readonly secretNamePrefix: string;
  readonly secretsKeyArn: string;
  readonly logsKeyArn: string;
  readonly alarmTopicArn?: string;
  readonly packageDirectory?: string;
}

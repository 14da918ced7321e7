import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

export interface RotationScheduleProps {
  readonly secretArn: string;
  readonly rotationLambdaArn: string;
  /** Days between rotations (the plan keeps it within the class limit and 90 days). */
  readonly days: number;
  /**
   * Rotate as soon as this is applied (quarantine). Otherwise Secrets Manager only tests the
   * function now and rotates on the schedule.
   * @default false
   */
  readonly immediately?: boolean;
  /** What must exist first: the function's invoke permission and the secret's policy. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Turns rotation on for a secret. Created only once the first value was seeded (the plan's
 * `rotation.enabled`): rotating an empty secret fails, so rotation must never precede the seed.
 * `rotate_immediately` is false unless asked (a quarantined credential): the seeded value stays
 * current until the first scheduled rotation.
 */
export class RotationSchedule extends Construct {
  readonly resource: SecretsmanagerSecretRotation;

  constructor(scope: Construct, id: string, props: RotationScheduleProps) {
    super(scope, id);
    this.resource = new SecretsmanagerSecretRotation(this, "rotation", {
      secretId: props.secretArn,
      rotationLambdaArn: props.rotationLambdaArn,
      rotationRules: { automaticallyAfterDays: props.days },
      rotateImmediately: props.immediately ?? false,
      dependsOn: props.dependsOn,
    });
  }
}

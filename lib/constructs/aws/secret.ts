import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Construct } from "constructs";
import type { AwsSecretPlan } from "../../plan/aws-types";

export interface SecretProps {
  readonly secret: AwsSecretPlan;
  /** The environment's secrets key. */
  readonly kmsKeyArn: string;
  /** Tags added to the register's (e.g. an exemption the construct decides). @default none */
  readonly extraTags?: Readonly<Record<string, string>>;
}

/**
 * One credential's Secrets Manager secret: a container only. Terraform never holds a value (no
 * `aws_secretsmanager_secret_version`): values come from `etl-secrets seed` and rotation.
 */
export class Secret extends Construct {
  readonly resource: SecretsmanagerSecret;

  constructor(scope: Construct, id: string, props: SecretProps) {
    super(scope, id);
    const { secret } = props;
    this.resource = new SecretsmanagerSecret(this, "secret", {
      name: secret.secretName,
      description: secret.description,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: secret.recoveryWindowDays,
      tags: { ...secret.tags, ...(props.extraTags ?? {}) },
      lifecycle: { preventDestroy: secret.preventDestroy },
    });
  }

  private arnToken?: string;

  /** One token for every use: cdktf builds (and traces) a new one on each attribute read. */
  get arn(): string {
    this.arnToken ??= this.resource.arn;
    return this.arnToken;
  }
}

import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { logsKeyPolicy, secretsKeyPolicy, type KeyPolicyContext } from "../../policy/aws/kms-key-policy";
import { policyJson } from "./terraform-text";

export interface KmsKeysProps extends KeyPolicyContext {
  /** Environment name, for descriptions. */
  readonly environment: string;
  readonly secretsKeyAlias: string;
  readonly logsKeyAlias: string;
  /** Log groups the logs key may encrypt, e.g. `/aws/lambda/<organization>-<environment>-*`. */
  readonly logGroupPattern: string;
  /** From the class table (production 30, otherwise 7). */
  readonly deletionWindowDays: number;
  /** @default false */
  readonly preventDestroy?: boolean;
}

/**
 * The environment's customer-managed keys: one for its secrets, one for its logs, alarms and
 * queues. Rotation on; key policies delegate to the account and never list consumers.
 */
export class KmsKeys extends Construct {
  readonly secretsKey: KmsKey;
  readonly logsKey: KmsKey;

  constructor(scope: Construct, id: string, props: KmsKeysProps) {
    super(scope, id);
    const lifecycle = { preventDestroy: props.preventDestroy ?? false };
    this.secretsKey = new KmsKey(this, "secrets-key", {
      description: `Secrets Manager secrets of ${props.environment}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays,
      policy: policyJson(secretsKeyPolicy(props)),
      lifecycle,
    });
    new KmsAlias(this, "secrets-key-alias", { name: props.secretsKeyAlias, targetKeyId: this.secretsKey.keyId });
    this.logsKey = new KmsKey(this, "logs-key", {
      description: `Logs, alarm topics and queues of ${props.environment}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays,
      policy: policyJson(logsKeyPolicy(props)),
      lifecycle,
    });
    new KmsAlias(this, "logs-key-alias", { name: props.logsKeyAlias, targetKeyId: this.logsKey.keyId });
  }
}

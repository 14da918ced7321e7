import { SecretsmanagerSecretPolicy } from "@cdktf/provider-aws/lib/secretsmanager-secret-policy";
import { Construct } from "constructs";
import { secretResourcePolicy, type SecretResourcePolicyInput } from "../../policy/aws/secret-resource-policy";
import { policyJson } from "./terraform-text";

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the construct's props by its own name (the constructs convention), free to grow apart from the policy input
export interface SecretResourcePolicyProps extends SecretResourcePolicyInput {}

/**
 * The secret's resource policy: other accounts and environments denied, the value denied to
 * principals of the account without an `environment` tag (existing consumer roles excepted by
 * ARN), the rotation function and master readers allowed, quarantined consumers denied. Public
 * policies are refused by the service.
 */
export class SecretResourcePolicy extends Construct {
  readonly resource: SecretsmanagerSecretPolicy;

  constructor(scope: Construct, id: string, props: SecretResourcePolicyProps) {
    super(scope, id);
    this.resource = new SecretsmanagerSecretPolicy(this, "policy", {
      secretArn: props.secretArn,
      policy: policyJson(secretResourcePolicy(props)),
      blockPublicPolicy: true,
    });
  }
}

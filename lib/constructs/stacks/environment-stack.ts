import { EtlStack } from "./etl-stack";
import type { Construct } from "constructs";
import type { EnvironmentPlan } from "../../plan/types";
import { applyBackend } from "./backend";
import { awsProvider, vaultProvider } from "./providers";
import { hasVaultContent, VaultEnvironment } from "../vault/vault-environment";
import { AwsEnvironment, hasAwsResources } from "../aws/aws-environment";

export interface EnvironmentStackProps {
  readonly plan: EnvironmentPlan;
}

/** One environment: its providers and backend; the Vault and AWS constructs render into it. */
export class EnvironmentStack extends EtlStack {
  readonly plan: EnvironmentPlan;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, props.plan.stackName);
    this.plan = props.plan;
    applyBackend(this, props.plan.backend);
    const { vault, aws } = props.plan;
    if (vault) {
      vaultProvider(this, {
        address: vault.address,
        edition: vault.edition,
        namespace: vault.isolation === "namespace" ? vault.namespace : undefined,
      });
    }
    if (aws) {
      awsProvider(this, { accountId: aws.accountId, region: aws.region, defaultTags: props.plan.defaultTags });
    }
    if (hasVaultContent(props.plan)) new VaultEnvironment(this, "vault", { plan: props.plan });
    if (hasAwsResources(props.plan)) new AwsEnvironment(this, "aws", { plan: props.plan });
  }
}

import { EtlStack } from "./etl-stack";
import type { Construct } from "constructs";
import type { EnvironmentPlan } from "../../plan/types";
import { applyBackend } from "./backend";
import { inertPlan } from "../inert-text";
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
    // The one boundary of spec text: everything below renders the inert plan.
    const plan = inertPlan(props.plan);
    applyBackend(this, plan.backend);
    const { vault, aws } = plan;
    if (vault) {
      vaultProvider(this, {
        address: vault.address,
        edition: vault.edition,
        namespace: vault.isolation === "namespace" ? vault.namespace : undefined,
      });
    }
    if (aws) {
      awsProvider(this, { accountId: aws.accountId, region: aws.region, defaultTags: plan.defaultTags });
    }
    if (hasVaultContent(plan)) new VaultEnvironment(this, "vault", { plan });
    if (hasAwsResources(plan)) new AwsEnvironment(this, "aws", { plan });
  }
}

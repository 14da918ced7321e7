import { EtlStack } from "./etl-stack";
import type { Construct } from "constructs";
import type { EnvironmentPlan } from "../../plan/types";
import { applyBackend } from "./backend";
import { inertPlan } from "../inert-text";
import { awsProvider, vaultProvider } from "./providers";
import type { VaultEnvironment } from "../vault/vault-environment";
import type { AwsEnvironment } from "../aws/aws-environment";
import { renderEnvironment } from "../compose/environment-parts";
import { EtlSecretsReferences } from "../compose/references";
import { environmentOutputEntries, EtlSecretsOutputs, wiringOutputEntries } from "../compose/outputs";

export interface EnvironmentStackProps {
  readonly plan: EnvironmentPlan;
}

/**
 * One environment: its providers and backend; the Vault and AWS sides render into the stack itself
 * (the same pieces as EtlSecretsEnvironment, ../compose/environment-parts.ts), and its outputs
 * (`kv_path__<connector>__<credential>`, `secret_arn__...`, ...: ../../plan/output-names.ts) name
 * what consumers wire to.
 */
export class EnvironmentStack extends EtlStack {
  readonly plan: EnvironmentPlan;
  readonly vault?: VaultEnvironment;
  readonly aws?: AwsEnvironment;
  /** Typed references to the secrets, KV paths, auth roles and IAM roles of this environment, by id. */
  readonly references: EtlSecretsReferences;
  readonly outputs: EtlSecretsOutputs;

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
    const parts = renderEnvironment(this, plan);
    this.vault = parts.vault;
    this.aws = parts.aws;
    this.references = new EtlSecretsReferences(this.node.path, props.plan, parts);
    this.outputs = new EtlSecretsOutputs(this, "outputs", [...environmentOutputEntries(this.references), ...wiringOutputEntries(plan)]);
  }
}

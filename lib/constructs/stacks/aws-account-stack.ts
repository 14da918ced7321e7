import { EtlStack } from "./etl-stack";
import type { Construct } from "constructs";
import type { AwsAccountPlan } from "../../plan/types";
import { applyBackend } from "./backend";
import { inertPlan } from "../inert-text";
import { awsProvider } from "./providers";
import { EtlSecretsOutputs } from "../compose/outputs";
import { oidcOutputEntries, renderAwsAccount } from "../compose/account-parts";

export interface AwsAccountStackProps {
  readonly plan: AwsAccountPlan;
}

/**
 * What is unique per AWS account: the audit trail, OIDC providers, account-wide names
 * (../compose/account-parts.ts, the same pieces as EtlSecretsAwsAccount). Outputs:
 * `oidc_provider_arn__<host>`.
 */
export class AwsAccountStack extends EtlStack {
  readonly plan: AwsAccountPlan;

  constructor(scope: Construct, props: AwsAccountStackProps) {
    super(scope, props.plan.stackName);
    this.plan = props.plan;
    // The one boundary of spec text: everything below renders the inert plan.
    const plan = inertPlan(props.plan);
    applyBackend(this, plan.backend);
    awsProvider(this, { accountId: plan.accountId, region: plan.region, defaultTags: plan.defaultTags });
    const { oidc } = renderAwsAccount(this, plan);
    new EtlSecretsOutputs(this, "outputs", oidcOutputEntries(oidc));
  }
}

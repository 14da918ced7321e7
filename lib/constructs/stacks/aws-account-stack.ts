import { EtlStack } from "./etl-stack";
import type { Construct } from "constructs";
import type { AwsAccountPlan } from "../../plan/types";
import { applyBackend } from "./backend";
import { inertPlan } from "../inert-text";
import { awsProvider } from "./providers";
import { EtlSecretsOutputs } from "../compose/outputs";
import { accountOutputEntries, renderAwsAccount } from "../compose/account-parts";

export interface AwsAccountStackProps {
  readonly plan: AwsAccountPlan;
}

/**
 * What is unique per AWS account: the audit trail, OIDC providers, account-wide names
 * (../compose/account-parts.ts, the same pieces as EtlSecretsAwsAccount). Outputs:
 * `audit_trail_arn`, `audit_log_group_name`, `oidc_provider_arn__<host>`.
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
    new EtlSecretsOutputs(this, "outputs", accountOutputEntries(renderAwsAccount(this, plan)));
  }
}

import { EtlStack } from "./etl-stack";
import type { Construct } from "constructs";
import type { AwsAccountPlan } from "../../plan/types";
import { applyBackend } from "./backend";
import { awsProvider } from "./providers";

export interface AwsAccountStackProps {
  readonly plan: AwsAccountPlan;
}

/** What is unique per AWS account: the audit trail, OIDC providers, account-wide names. */
export class AwsAccountStack extends EtlStack {
  readonly plan: AwsAccountPlan;

  constructor(scope: Construct, props: AwsAccountStackProps) {
    super(scope, props.plan.stackName);
    this.plan = props.plan;
    applyBackend(this, props.plan.backend);
    awsProvider(this, { accountId: props.plan.accountId, region: props.plan.region, defaultTags: props.plan.defaultTags });
  }
}

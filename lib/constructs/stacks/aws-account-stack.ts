import { EtlStack } from "./etl-stack";
import type { Construct } from "constructs";
import type { AwsAccountPlan } from "../../plan/types";
import { applyBackend } from "./backend";
import { inertPlan } from "../inert-text";
import { awsProvider } from "./providers";
import { AuditTrail } from "../aws/audit-trail";
import { OidcProviders } from "../aws/oidc-providers";
import { awsPartition } from "../../plan/aws-plan";
import { EtlSecretsOutputs, type OutputEntry } from "../compose/outputs";
import { textOutputId } from "../../plan/output-names";

/** `oidc_provider_arn__<host, encoded>`: the ARN of each OIDC provider of the account. */
export function oidcOutputEntries(oidc: OidcProviders): OutputEntry[] {
  return [...oidc.providers].map(([host, provider]) => ({
    kind: "oidc_provider_arn" as const,
    ids: [textOutputId(host)],
    value: provider.arn,
    description: "ARN of the IAM OIDC provider of an issuer of jwt consumers",
  }));
}

export interface AwsAccountStackProps {
  readonly plan: AwsAccountPlan;
}

/** What is unique per AWS account: the audit trail, OIDC providers, account-wide names. */
export class AwsAccountStack extends EtlStack {
  readonly plan: AwsAccountPlan;

  constructor(scope: Construct, props: AwsAccountStackProps) {
    super(scope, props.plan.stackName);
    this.plan = props.plan;
    // The one boundary of spec text: everything below renders the inert plan.
    const plan = inertPlan(props.plan);
    applyBackend(this, plan.backend);
    awsProvider(this, { accountId: plan.accountId, region: plan.region, defaultTags: plan.defaultTags });
    const { accountId, region, trail, oidcProviders } = plan;
    new AuditTrail(this, "audit-trail", { trail, accountId, region, partition: awsPartition(region) });
    const oidc = new OidcProviders(this, "oidc", { providers: oidcProviders });
    new EtlSecretsOutputs(this, "outputs", oidcOutputEntries(oidc));
  }
}

import type { Construct } from "constructs";
import { awsPartition } from "../../plan/aws-plan";
import { textOutputId } from "../../plan/output-names";
import type { AwsAccountPlan } from "../../plan/types";
import { AuditTrail } from "../aws/audit-trail";
import { OidcProviders } from "../aws/oidc-providers";
import type { OutputEntry } from "./outputs";

/** The account-wide pieces of one AWS account. */
export interface AwsAccountParts {
  readonly trail: AuditTrail;
  readonly oidc: OidcProviders;
}

/**
 * Renders an account's plan (already inert) into a scope: the audit trail and the OIDC providers.
 * Shared by AwsAccountStack (scope: the stack) and EtlSecretsAwsAccount (scope: the construct).
 */
export function renderAwsAccount(scope: Construct, plan: AwsAccountPlan): AwsAccountParts {
  const { accountId, region, trail, oidcProviders } = plan;
  return {
    trail: new AuditTrail(scope, "audit-trail", { trail, accountId, region, partition: awsPartition(region) }),
    oidc: new OidcProviders(scope, "oidc", { providers: oidcProviders }),
  };
}

/**
 * `audit_trail_arn`, `audit_log_group_name` (what alarms and a SIEM wire to) and
 * `oidc_provider_arn__<host, encoded>` for each OIDC provider of the account.
 */
export function accountOutputEntries(parts: AwsAccountParts): OutputEntry[] {
  return [
    { kind: "audit_trail_arn", ids: [], value: parts.trail.trail.arn, description: "ARN of the account's audit trail (CloudTrail)" },
    {
      kind: "audit_log_group_name",
      ids: [],
      value: parts.trail.logGroup.name,
      description: "CloudWatch log group the audit trail delivers to",
    },
    ...[...parts.oidc.providers].map(([host, provider]) => ({
      kind: "oidc_provider_arn" as const,
      ids: [textOutputId(host)],
      value: provider.arn,
      description: "ARN of the IAM OIDC provider of an issuer of jwt consumers",
    })),
  ];
}

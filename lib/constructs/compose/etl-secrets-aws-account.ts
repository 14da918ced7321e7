import type { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { planInventory } from "../../plan/inventory-plan";
import { attachSharedIntent } from "../intent-metadata";
import type { AwsAccountPlan } from "../../plan/types";
import { shownAs } from "../../inventory/display";
import type { Inventory } from "../../inventory/model";
import type { AuditTrail } from "../aws/audit-trail";
import { inertPlan } from "../inert-text";
import { accountOutputEntries, renderAwsAccount } from "./account-parts";
import { applyDefaultTags, ComposedConstruct } from "./composed-construct";
import type { EtlSecretsOutputOptions } from "./etl-secrets-environment";
import { EtlSecretsOutputs } from "./outputs";

export interface EtlSecretsAwsAccountProps {
  readonly inventory: Inventory;
  /** The 12-digit account id. @default the inventory's only AWS account */
  readonly accountId?: string;
  /** An AWS provider of that account, in the inventory's region. @default the stack's AWS provider without alias */
  readonly awsProvider?: TerraformProvider;
  /** Declare `<prefix>__audit_trail_arn`, `<prefix>__audit_log_group_name` and `<prefix>__oidc_provider_arn__<host>` outputs. @default no outputs */
  readonly outputs?: EtlSecretsOutputOptions;
  /** Run the secure-default checks on this construct's resources at synth. @default true */
  readonly checks?: boolean;
}

/**
 * What one AWS account holds once for every environment in it, rendered into a team's stack: the
 * audit trail (CloudTrail, Object Lock bucket, log group) and the OIDC providers of jwt consumers
 * (as the library's own account stack renders them). One per account, applied before the
 * environments' EtlSecretsEnvironment.
 */
export class EtlSecretsAwsAccount extends ComposedConstruct {
  readonly plan: AwsAccountPlan;
  readonly trail: AuditTrail;
  readonly outputs?: EtlSecretsOutputs;

  constructor(scope: Construct, id: string, props: EtlSecretsAwsAccountProps) {
    super(scope, id);
    const inventoryPlan = planInventory(props.inventory);
    const accounts = inventoryPlan.awsAccounts;
    const wanted = props.accountId;
    const found = wanted === undefined ? (accounts.length === 1 ? accounts[0] : undefined) : accounts.find((a) => a.accountId === wanted);
    if (!found) {
      const known =
        accounts
          .map((a) => a.accountId)
          .sort()
          .join(", ") || "(none)";
      throw new Error(
        wanted === undefined
          ? `${this.node.path}: the inventory has ${accounts.length} AWS accounts; name one with accountId (known: ${known})`
          : `${this.node.path}: the inventory has no AWS account ${shownAs("account", wanted)}; known: ${known}`,
      );
    }
    this.plan = found;
    const plan = inertPlan(found);
    const parts = renderAwsAccount(this, plan);
    // The analysis reads this stack as holding the account's shared pieces (the "//" metadata).
    attachSharedIntent(this, { organization: inventoryPlan.organization, awsAccountId: found.accountId });
    this.trail = parts.trail;
    if (props.outputs) this.outputs = new EtlSecretsOutputs(this, "outputs", accountOutputEntries(parts), props.outputs.prefix);
    applyDefaultTags(this, plan.defaultTags);
    this.finish({
      awsProvider: props.awsProvider,
      expectAws: { region: plan.region, accountId: plan.accountId },
      checks: props.checks === false ? undefined : { suppressions: props.inventory.suppressions, stackName: found.stackName },
    });
  }
}

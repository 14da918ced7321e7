import type { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { planInventory } from "../../plan/inventory-plan";
import { attachEnvironmentIntent } from "../intent-metadata";
import type { EnvironmentPlan, InventoryPlan } from "../../plan/types";
import { quoted, shown } from "../../inventory/display";
import type { Inventory } from "../../inventory/model";
import type { AwsEnvironment } from "../aws/aws-environment";
import { inertPlan } from "../inert-text";
import type { VaultEnvironment } from "../vault/vault-environment";
import { applyDefaultTags, ComposedConstruct } from "./composed-construct";
import { renderEnvironment } from "./environment-parts";
import { environmentOutputEntries, EtlSecretsOutputs, wiringOutputEntries } from "./outputs";
import { EtlSecretsReferences } from "./references";

/** Terraform outputs of a composed construct: opt-in, always under a prefix of the team's choosing. */
export interface EtlSecretsOutputOptions {
  /**
   * Start of every output name: `<prefix>__secret_arn__<connector>__<credential>`, ... A letter, then
   * letters, digits, '-' and single '_', not ending in '_'. Names after the prefix are the ones the
   * library's own stacks declare, so they never clash with the team's outputs unless the team uses
   * the same prefix; a clash fails the synth naming both.
   */
  readonly prefix: string;
}

export interface EtlSecretsEnvironmentProps {
  /** A validated inventory (`loadInventory`, `defineInventory`). */
  readonly inventory: Inventory;
  /** The inventory's environment to render. */
  readonly environment: string;
  /**
   * The Vault provider the environment's Vault objects are written with; it must work in the
   * environment's namespace (or the root namespace for `mount` isolation), else synth fails.
   * @default the stack's Vault provider without alias
   */
  readonly vaultProvider?: TerraformProvider;
  /**
   * The AWS provider of the environment's account; its region must be the inventory's (a literal),
   * and its allowed/forbidden account ids must not exclude the account, else synth fails. The
   * environment's default tags are set on each of the library's resources (the provider's own
   * `default_tags` stay the team's).
   * @default the stack's AWS provider without alias
   */
  readonly awsProvider?: TerraformProvider;
  /** Declare Terraform outputs of what consumers wire to. @default no outputs */
  readonly outputs?: EtlSecretsOutputOptions;
  /** Run the secure-default checks on this construct's resources at synth. @default true */
  readonly checks?: boolean;
  /**
   * Where the functions' zips are staged before the assets copy them: a folder only you can write
   * (one owned by another user, or writable by group or everyone, stops the synth).
   * @default `cdktf-etl-secrets-rotation-<uid>` under the OS temp dir, created for the user alone
   */
  readonly packageDirectory?: string;
}

/** The plan of one environment of an inventory, or an error naming the environments there are. */
export function environmentPlanOf(plan: InventoryPlan, environment: string, who: string): EnvironmentPlan {
  const found = plan.environments.find((env) => env.name === environment);
  if (!found) {
    const known =
      plan.environments
        .map((env) => shown(env.name))
        .sort()
        .join(", ") || "(none)";
    throw new Error(`${who}: the inventory has no environment ${quoted(environment)}; known: ${known}`);
  }
  return found;
}

/**
 * One environment of an inventory, rendered into a TerraformStack the team owns, beside its own
 * resources: the environment's Vault side (KV store, engines, auth roles, policies) and AWS side
 * (keys, secrets, rotation, consumer roles, detection), exactly as the library's own environment
 * stack renders them (the same pieces), under this construct's path.
 *
 * The team keeps its stack: backend, providers and `required_version` are never touched (the
 * library's features need Terraform or OpenTofu >= 1.11). Cluster- and account-wide pieces are not
 * here: namespaces and audit devices belong to EtlSecretsVaultCluster, the audit trail and OIDC
 * providers to EtlSecretsAwsAccount, each once per cluster or account, applied before this.
 *
 * ```ts
 * const etl = new EtlSecretsEnvironment(stack, "etl", { inventory, environment: "prod", outputs: { prefix: "etl" } });
 * etl.references.secret("stripe-api", "main").secretArn;
 * ```
 */
export class EtlSecretsEnvironment extends ComposedConstruct {
  /** The environment's plan: every name, path and role, resolved. */
  readonly plan: EnvironmentPlan;
  readonly vault?: VaultEnvironment;
  readonly aws?: AwsEnvironment;
  /** Typed references by id: secrets, KV paths, Vault auth roles, consumer IAM roles. */
  readonly references: EtlSecretsReferences;
  /** The outputs, when asked for. */
  readonly outputs?: EtlSecretsOutputs;

  constructor(scope: Construct, id: string, props: EtlSecretsEnvironmentProps) {
    super(scope, id);
    this.plan = environmentPlanOf(planInventory(props.inventory), props.environment, this.node.path);
    // The one boundary of spec text: everything below renders the inert plan.
    const plan = inertPlan(this.plan);
    const parts = renderEnvironment(this, plan, { packageDirectory: props.packageDirectory });
    this.vault = parts.vault;
    this.aws = parts.aws;
    this.references = new EtlSecretsReferences(this.node.path, this.plan, parts);
    if (props.outputs)
      this.outputs = new EtlSecretsOutputs(
        this,
        "outputs",
        [...environmentOutputEntries(this.references), ...wiringOutputEntries(plan)],
        props.outputs.prefix,
      );
    if (parts.aws) applyDefaultTags(parts.aws, plan.defaultTags);

    // What `simulate` and `review` read travels in the stack's "//" metadata, as for the library's stacks.
    attachEnvironmentIntent(this, {
      plan: this.plan,
      exceptions: props.inventory.exceptions,
      retirements: props.inventory.retirements,
      suppressions: props.inventory.suppressions,
    });

    this.finish({
      vaultProvider: props.vaultProvider,
      awsProvider: props.awsProvider,
      expectVault: plan.vault && {
        address: plan.vault.address,
        namespace: plan.vault.isolation === "namespace" ? plan.vault.namespace : undefined,
      },
      expectAws: plan.aws && { region: plan.aws.region, accountId: plan.aws.accountId },
      checks:
        props.checks === false
          ? undefined
          : {
              suppressions: props.inventory.suppressions,
              stackName: this.plan.stackName,
              environment: { name: this.plan.name, production: this.plan.production },
            },
    });
  }
}

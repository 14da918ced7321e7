/*
 * The intent as it travels inside the synthesized stacks: each stack the library renders into
 * carries, in its Terraform JSON comment (`"//": { "etl-secrets": <fragment> }`, which Terraform and
 * OpenTofu ignore), what `simulate` and `review` need of the environments it holds. Every synth path
 * (`etl-secrets synth`, `npx cdktf synth`, a team's own stack with one composed environment) then
 * writes it, with no file beside the stacks. The analysis merges the fragments of every stack of a
 * synth directory back into one IntentManifest (lib/analysis/access-model/stack-intent.ts).
 *
 * A fragment names no stack: an environment's stack is the stack that holds it, and its Vault
 * cluster's and AWS account's stacks are the stacks whose fragment says they hold that cluster's or
 * account's shared pieces. Nothing relies on a stack being named after an environment.
 *
 * Pure (no cdktf): built from the plan, like intent.json was (build-intent.ts).
 */
import type { EnvironmentPlan } from "../plan/types";
import type { BoundaryException } from "../inventory/schema/exception";
import type { Retirement } from "../inventory/schema/retirement";
import { intentEnvironment, intentException, intentSuppressions, type Suppression } from "./build-intent";
import { vaultCluster } from "./ids";
import type { IntentEnvironment, IntentException, IntentSuppression } from "./types";
import { byText } from "../shared/text-order";

/** The key of the library's fragment inside a stack's `"//"` (next to cdktf's own `metadata`). */
export const STACK_INTENT_KEY = "etl-secrets";
export const STACK_INTENT_FORMAT = "etl-secrets-stack-intent/1";

/** An environment as its stack carries it: the intent's environment without stack names. */
export type FragmentEnvironment = Omit<IntentEnvironment, "stack" | "vault" | "aws"> & {
  readonly vault?: Omit<NonNullable<IntentEnvironment["vault"]>, "clusterStack">;
  readonly aws?: Omit<NonNullable<IntentEnvironment["aws"]>, "accountStack">;
};

/** A retirement as review needs it: no free text (the retirement's `reason` stays in the inventory). */
export type FragmentRetirement = Pick<Retirement, "environment" | "connector" | "credential" | "on" | "destroy" | "approvedBy">;

export interface StackIntentFragment {
  readonly format: typeof STACK_INTENT_FORMAT;
  readonly organization: string;
  /** Environments whose resources the stack holds, sorted by name. */
  readonly environments?: readonly FragmentEnvironment[];
  /** Keys (`host[:port]`) of the Vault clusters whose shared pieces the stack holds, sorted. */
  readonly vaultClusters?: readonly string[];
  /** Ids of the AWS accounts whose shared pieces the stack holds, sorted. */
  readonly awsAccounts?: readonly string[];
  /** Declared boundary exceptions of the stack's environments, sorted by id. */
  readonly exceptions?: readonly IntentException[];
  /** Retirements (of the stack's environments, or of environments no stack holds any more), sorted. */
  readonly retirements?: readonly FragmentRetirement[];
  /** Check suppressions of the stack (rule and target only, never the reason), sorted. */
  readonly suppressions?: readonly IntentSuppression[];
  /**
   * Construct paths, below the stack, of the library's constructs in a stack the team owns (a
   * composed environment, say `etl`), sorted; absent when the library owns the whole stack. The
   * analysis judges the library's resources strictly and the team's own beside them leniently.
   */
  readonly roots?: readonly string[];
}

/** What one environment adds to its stack's fragment. */
export interface EnvironmentIntentInput {
  readonly plan: EnvironmentPlan;
  /** The inventory's boundary exceptions; those of other environments are left out. */
  readonly exceptions?: readonly BoundaryException[];
  /** The inventory's retirements; those of other environments are left out. */
  readonly retirements?: readonly Retirement[];
  /**
   * The inventory's check suppressions; those that target another stack are left out (an untargeted
   * one applies to every stack, and travels with every environment).
   */
  readonly suppressions?: readonly Suppression[];
}

/** What a stack holding shared pieces (a Vault cluster's, an AWS account's) adds to its fragment. */
export interface SharedIntentInput {
  readonly organization: string;
  /** The cluster's address as the inventory writes it. */
  readonly vaultAddress?: string;
  readonly awsAccountId?: string;
  /** Retirements to carry (e.g. of environments that no stack holds any more). */
  readonly retirements?: readonly Retirement[];
  /** Check suppressions that target this stack. */
  readonly suppressions?: readonly Suppression[];
}

export class StackFragmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFragmentError";
  }
}

/** The fragment of one environment. */
export function environmentFragment(input: EnvironmentIntentInput): StackIntentFragment {
  const { plan } = input;
  const { stack: _stack, vault, aws, ...rest } = intentEnvironment(plan);
  const environment: FragmentEnvironment = {
    ...rest,
    ...(vault ? { vault: withoutKey(vault, "clusterStack") } : {}),
    ...(aws ? { aws: withoutKey(aws, "accountStack") } : {}),
  };
  const exceptions = (input.exceptions ?? []).filter((e) => e.environment === plan.name).map((e) => intentException([plan], e));
  return normalized({
    format: STACK_INTENT_FORMAT,
    organization: plan.organization,
    environments: [environment],
    exceptions,
    retirements: (input.retirements ?? []).filter((r) => r.environment === plan.name).map(fragmentRetirement),
    suppressions: intentSuppressions((input.suppressions ?? []).filter((s) => targetsStack(s, plan.stackName))),
  });
}

/** Whether a suppression applies to a stack: untargeted, or its target is the stack or a path in it. */
export function targetsStack(suppression: Suppression, stackName: string): boolean {
  const target = suppression.target;
  return target === undefined || target === stackName || target.startsWith(`${stackName}/`);
}

/** The fragment of a stack holding a cluster's or an account's shared pieces. */
export function sharedFragment(input: SharedIntentInput): StackIntentFragment {
  return normalized({
    format: STACK_INTENT_FORMAT,
    organization: input.organization,
    vaultClusters: input.vaultAddress === undefined ? [] : [vaultCluster(input.vaultAddress)],
    awsAccounts: input.awsAccountId === undefined ? [] : [input.awsAccountId],
    retirements: (input.retirements ?? []).map(fragmentRetirement),
    suppressions: intentSuppressions(input.suppressions ?? []),
  });
}

/** Two fragments of one stack as one (two environments composed into one stack, say). */
export function mergeStackFragments(a: StackIntentFragment, b: StackIntentFragment): StackIntentFragment {
  if (a.organization !== b.organization) {
    throw new StackFragmentError(
      `one stack holds environments of two organizations ("${a.organization}" and "${b.organization}"); give each organization its own stacks`,
    );
  }
  const names = new Set((a.environments ?? []).map((e) => e.name));
  const twice = (b.environments ?? []).find((e) => names.has(e.name));
  if (twice) throw new StackFragmentError(`environment "${twice.name}" is rendered twice into one stack`);
  return normalized({
    format: STACK_INTENT_FORMAT,
    organization: a.organization,
    environments: [...(a.environments ?? []), ...(b.environments ?? [])],
    vaultClusters: [...(a.vaultClusters ?? []), ...(b.vaultClusters ?? [])],
    awsAccounts: [...(a.awsAccounts ?? []), ...(b.awsAccounts ?? [])],
    exceptions: [...(a.exceptions ?? []), ...(b.exceptions ?? [])],
    retirements: [...(a.retirements ?? []), ...(b.retirements ?? [])],
    suppressions: [...(a.suppressions ?? []), ...(b.suppressions ?? [])],
    roots: a.roots === undefined || b.roots === undefined ? undefined : [...a.roots, ...b.roots],
  });
}

export function fragmentRetirement(r: FragmentRetirement): FragmentRetirement {
  return {
    environment: r.environment,
    ...(r.connector !== undefined ? { connector: r.connector } : {}),
    ...(r.credential !== undefined ? { credential: r.credential } : {}),
    on: r.on,
    destroy: r.destroy,
    ...(r.approvedBy !== undefined ? { approvedBy: r.approvedBy } : {}),
  };
}

/** Sorted, deduplicated, empty lists left out: the same content always gives the same bytes. */
export function normalized(fragment: StackIntentFragment): StackIntentFragment {
  const environments = [...(fragment.environments ?? [])].sort((x, y) => byText(x.name, y.name));
  const vaultClusters = [...new Set(fragment.vaultClusters ?? [])].sort(byText);
  const awsAccounts = [...new Set(fragment.awsAccounts ?? [])].sort(byText);
  const exceptions = [...new Map((fragment.exceptions ?? []).map((e) => [e.id, e])).values()].sort((x, y) => byText(x.id, y.id));
  const retirements = [...new Map((fragment.retirements ?? []).map((r) => [retirementKey(r), r])).entries()]
    .sort(([x], [y]) => byText(x, y))
    .map(([, r]) => r);
  const suppressions = [...new Map((fragment.suppressions ?? []).map((s) => [suppressionKey(s), s])).entries()]
    .sort(([x], [y]) => byText(x, y))
    .map(([, s]) => s);
  return {
    format: fragment.format,
    organization: fragment.organization,
    ...(environments.length > 0 ? { environments } : {}),
    ...(vaultClusters.length > 0 ? { vaultClusters } : {}),
    ...(awsAccounts.length > 0 ? { awsAccounts } : {}),
    ...(exceptions.length > 0 ? { exceptions } : {}),
    ...(retirements.length > 0 ? { retirements } : {}),
    ...(suppressions.length > 0 ? { suppressions } : {}),
    ...(fragment.roots !== undefined ? { roots: [...new Set(fragment.roots)].sort(byText) } : {}),
  };
}

/** Orders suppressions by rule, then target. */
export function suppressionKey(s: IntentSuppression): string {
  return JSON.stringify([s.rule, s.target ?? ""]);
}

/** Orders retirements by what they cover, then the rest of their content. */
export function retirementKey(r: FragmentRetirement): string {
  return JSON.stringify([r.environment, r.connector ?? "", r.credential ?? "", r.on, r.destroy, r.approvedBy ?? ""]);
}

function withoutKey<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const { [key]: _dropped, ...rest } = value;
  return rest;
}

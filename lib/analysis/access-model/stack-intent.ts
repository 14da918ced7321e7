/*
 * Reads the intent back out of the synthesized stacks (`"//"."etl-secrets"`, see
 * lib/intent/stack-fragment.ts) and merges the fragments of every stack of a synth
 * directory into one IntentManifest. A stack without the fragment is not the library's (a team's
 * own stack beside a composed environment) and is left out of the analysis.
 *
 * A fragment is refused, naming the stack file, when its shape is not the format's, when two
 * stacks claim one environment or one cluster's or account's shared pieces, when fragments name
 * different organizations, or when a fragment does not match the stack it sits in (an environment
 * on a Vault cluster or AWS account the stack has no provider for: metadata copied or edited).
 */
import { accountOfProvider, vaultClusterIdentity } from "../identity/cluster-identity";
import {
  INTENT_FORMAT,
  type IntentEnvironment,
  type IntentException,
  type IntentManifest,
  type IntentSuppression,
} from "../../intent/types";
import {
  fragmentRetirement,
  retirementKey,
  suppressionKey,
  STACK_INTENT_FORMAT,
  STACK_INTENT_KEY,
  type FragmentEnvironment,
  type FragmentRetirement,
  type StackIntentFragment,
} from "../../intent/stack-fragment";
import type { StackFile } from "./stack-file";
import { byText } from "../../shared/text-order";

export class StackIntentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackIntentError";
  }
}

export interface StackIntent {
  readonly intent: IntentManifest;
  /** Sorted (see retirementKey). */
  readonly retirements: readonly FragmentRetirement[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Terraform's escapes of spec text (`$${`, `%%{`) read back as the spec wrote it. */
function unescaped(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
  if (Array.isArray(value)) return value.map(unescaped);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unescaped(v)]));
  return value;
}

/** The fragment a stack carries, checked for shape; undefined when the stack carries none. */
export function stackFragmentOf(stack: StackFile): StackIntentFragment | undefined {
  const comment = stack.json["//"];
  if (!isObject(comment) || !(STACK_INTENT_KEY in comment)) return undefined;
  const raw = unescaped(comment[STACK_INTENT_KEY]);
  const where = `${stack.file}: "//"."${STACK_INTENT_KEY}"`;
  const fail = (what: string, hint = "the metadata was edited or comes from another version: synthesize again"): never => {
    throw new StackIntentError(`${where}: ${what}; ${hint}`);
  };
  if (!isObject(raw)) return fail("expected an object");
  if (raw.format !== STACK_INTENT_FORMAT) return fail(`expected "format": "${STACK_INTENT_FORMAT}"`);
  if (typeof raw.organization !== "string" || raw.organization === "") fail(`"organization" must be a non-empty string`);
  const list = (key: string): unknown[] => {
    const value = raw[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) return fail(`"${key}" must be a list`);
    return value;
  };
  for (const key of ["vaultClusters", "awsAccounts"])
    if (!list(key).every((v) => typeof v === "string" && v !== "")) fail(`"${key}" must list non-empty strings`);
  list("environments").forEach((env, i) => checkEnvironment(env, `environments[${i}]`, fail));
  list("exceptions").forEach((e, i) => {
    if (
      !isObject(e) ||
      typeof e.id !== "string" ||
      typeof e.environment !== "string" ||
      typeof e.target !== "string" ||
      !Array.isArray(e.principals)
    ) {
      fail(`exceptions[${i}] is not an exception (id, environment, target, principals)`);
    }
  });
  list("retirements").forEach((r, i) => {
    if (!isObject(r) || typeof r.environment !== "string" || typeof r.on !== "string" || typeof r.destroy !== "boolean")
      fail(`retirements[${i}] is not a retirement (environment, on, destroy)`);
  });
  list("suppressions").forEach((x, i) => {
    if (!isObject(x) || typeof x.rule !== "string" || (x.target !== undefined && typeof x.target !== "string"))
      fail(`suppressions[${i}] is not a suppression (rule, target)`);
  });
  if (raw.roots !== undefined && !list("roots").every((v) => typeof v === "string" && v !== ""))
    fail(`"roots" must list non-empty construct paths`);
  const known = new Set([
    "format",
    "organization",
    "environments",
    "vaultClusters",
    "awsAccounts",
    "exceptions",
    "retirements",
    "suppressions",
    "roots",
  ]);
  const unknown = Object.keys(raw).filter((key) => !known.has(key));
  if (unknown.length > 0) fail(`unknown key(s) ${unknown.map((k) => `"${k}"`).join(", ")}`);
  const fragment = raw as unknown as StackIntentFragment;
  const held = new Set((fragment.environments ?? []).map((env) => env.name));
  if (held.size !== (fragment.environments ?? []).length) fail("an environment is listed twice");
  for (const exception of fragment.exceptions ?? []) {
    if (!held.has(exception.environment))
      fail(`exception "${exception.id}" is of environment "${exception.environment}", which this stack does not hold`);
  }
  checkProviders(stack, fragment, fail);
  return fragment;
}

function checkEnvironment(env: unknown, at: string, fail: (what: string) => never): void {
  if (!isObject(env) || typeof env.name !== "string" || env.name === "" || typeof env.production !== "boolean")
    fail(`${at} needs "name" and "production"`);
  const e = env as Record<string, unknown>;
  if (!Array.isArray(e.credentials) || !Array.isArray(e.principals)) fail(`${at} needs "credentials" and "principals" lists`);
  for (const [i, principal] of (e.principals as unknown[]).entries()) {
    if (!isObject(principal) || typeof principal.id !== "string" || !Array.isArray(principal.grants))
      fail(`${at}.principals[${i}] needs "id" and "grants"`);
    if ((principal as Record<string, unknown>).environment !== e.name)
      fail(
        `${at}.principals[${i}] belongs to environment "${String((principal as Record<string, unknown>).environment)}", not "${String(e.name)}"`,
      );
  }
  for (const [i, credential] of (e.credentials as unknown[]).entries()) {
    if (!isObject(credential) || typeof credential.id !== "string" || !Array.isArray(credential.locations))
      fail(`${at}.credentials[${i}] needs "id" and "locations"`);
  }
  if (
    e.vault !== undefined &&
    (!isObject(e.vault) ||
      typeof e.vault.address !== "string" ||
      typeof e.vault.cluster !== "string" ||
      typeof e.vault.namespace !== "string")
  ) {
    fail(`${at}.vault needs "address", "cluster" and "namespace"`);
  }
  if (
    e.aws !== undefined &&
    (!isObject(e.aws) || typeof e.aws.accountId !== "string" || typeof e.aws.region !== "string" || typeof e.aws.partition !== "string")
  ) {
    fail(`${at}.aws needs "accountId", "region" and "partition"`);
  }
}

/** The Vault clusters and AWS accounts a stack's providers reach (the analysis' own normalization). */
function providersOf(json: Readonly<Record<string, unknown>>): {
  clusters: Set<string>;
  anyCluster: boolean;
  accounts: Set<string | undefined>;
} {
  const block = isObject(json.provider) ? json.provider : {};
  const list = (type: string) => {
    const raw = block[type];
    return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(isObject);
  };
  const addresses = list("vault").map((config) => (typeof config.address === "string" ? config.address : undefined));
  return {
    clusters: new Set(addresses.filter((a): a is string => a !== undefined && !a.includes("${")).map(vaultClusterIdentity)),
    // A team's provider may take its address from a variable: any cluster then (the stack is not refused for it).
    anyCluster: addresses.some((a) => a === undefined || a.includes("${")),
    accounts: new Set(list("aws").map((config) => accountOfProvider(config))),
  };
}

/** A fragment speaks of clusters and accounts the stack has a provider for. */
function checkProviders(stack: StackFile, fragment: StackIntentFragment, fail: (what: string, hint?: string) => never): void {
  const hint =
    "the metadata does not match the stack it sits in (its providers or its metadata were edited, or the metadata was copied): synthesize again";
  const { clusters, anyCluster, accounts } = providersOf(stack.json);
  const hasAccount = (id: string) => accounts.has(id) || accounts.has(undefined);
  const hasCluster = (address: string) => anyCluster || clusters.has(vaultClusterIdentity(address));
  for (const env of fragment.environments ?? []) {
    if (env.vault && !hasCluster(env.vault.address))
      fail(`environment "${env.name}" is on Vault ${env.vault.cluster}, but the stack has no provider for that cluster`, hint);
    if (env.aws && !hasAccount(env.aws.accountId))
      fail(`environment "${env.name}" is in AWS account ${env.aws.accountId}, but the stack has no provider for that account`, hint);
  }
  for (const cluster of fragment.vaultClusters ?? []) {
    if (!anyCluster && !clusters.has(vaultClusterIdentity(cluster)) && !clusters.has(cluster))
      fail(`the stack holds Vault ${cluster}'s shared pieces, but has no provider for that cluster`, hint);
  }
  for (const account of fragment.awsAccounts ?? [])
    if (!hasAccount(account)) fail(`the stack holds AWS account ${account}'s shared pieces, but has no provider for that account`, hint);
}

/**
 * The intent of a synth directory from its stacks' fragments. `stacks` are the stacks that carry a
 * fragment (with it); the manifest lists exactly those.
 */
export function intentOfStacks(stacks: readonly (StackFile & { readonly fragment: StackIntentFragment })[]): StackIntent {
  const sorted = [...stacks].sort((a, b) => byText(a.name, b.name));
  const organizations = [...new Set(sorted.map((s) => s.fragment.organization))];
  if (organizations.length > 1) {
    throw new StackIntentError(
      `the stacks carry the metadata of ${organizations.length} organizations (${organizations.map((o) => `"${o}"`).join(", ")}); one synth directory holds one inventory`,
    );
  }
  const clusterStack = claimant(sorted, (f) => f.vaultClusters ?? [], "Vault cluster");
  const accountStack = claimant(sorted, (f) => f.awsAccounts ?? [], "AWS account");
  const environments: IntentEnvironment[] = [];
  const holder = new Map<string, string>();
  const exceptions = new Map<string, IntentException>();
  const retirements = new Map<string, FragmentRetirement>();
  const suppressions = new Map<string, IntentSuppression>();
  for (const stack of sorted) {
    for (const s of stack.fragment.suppressions ?? [])
      suppressions.set(suppressionKey(s), { rule: s.rule, ...(s.target !== undefined ? { target: s.target } : {}) });
    for (const env of stack.fragment.environments ?? []) {
      const previous = holder.get(env.name);
      if (previous)
        throw new StackIntentError(
          `environment "${env.name}" is claimed by the metadata of two stacks, ${previous} and ${stack.name}; synthesize again`,
        );
      holder.set(env.name, stack.name);
      environments.push(withStacks(env, stack.name, clusterStack, accountStack));
    }
    for (const exception of stack.fragment.exceptions ?? []) {
      if (exceptions.has(exception.id))
        throw new StackIntentError(`exception "${exception.id}" is carried by two stacks' metadata; synthesize again`);
      exceptions.set(exception.id, exception);
    }
    for (const r of stack.fragment.retirements ?? []) {
      const retirement = fragmentRetirement(r);
      retirements.set(retirementKey(retirement), retirement);
    }
  }
  environments.sort((a, b) => byText(a.name, b.name));
  const intent: IntentManifest = {
    format: INTENT_FORMAT,
    organization: organizations[0] ?? "",
    stacks: sorted.map((s) => s.name),
    environments,
    ...(exceptions.size > 0 ? { exceptions: [...exceptions.values()].sort((a, b) => byText(a.id, b.id)) } : {}),
    ...(suppressions.size > 0 ? { suppressions: [...suppressions.entries()].sort(([a], [b]) => byText(a, b)).map(([, s]) => s) } : {}),
  };
  return { intent, retirements: [...retirements.entries()].sort(([a], [b]) => byText(a, b)).map(([, r]) => r) };
}

/** The one stack whose fragment claims each key (a cluster's or an account's shared pieces). */
function claimant(
  stacks: readonly { name: string; fragment: StackIntentFragment }[],
  keys: (f: StackIntentFragment) => readonly string[],
  what: string,
): Map<string, string> {
  const by = new Map<string, string>();
  for (const stack of stacks) {
    for (const key of keys(stack.fragment)) {
      const previous = by.get(key);
      if (previous)
        throw new StackIntentError(
          `${what} ${key}: the shared pieces are claimed by the metadata of two stacks, ${previous} and ${stack.name}; render them into one stack`,
        );
      by.set(key, stack.name);
    }
  }
  return by;
}

/** An environment with the stacks that hold it and its shared pieces ("" when no stack of the directory does). */
function withStacks(
  env: FragmentEnvironment,
  stack: string,
  clusters: Map<string, string>,
  accounts: Map<string, string>,
): IntentEnvironment {
  const { vault, aws, ...rest } = env;
  return {
    ...rest,
    stack,
    ...(vault ? { vault: { ...vault, clusterStack: clusters.get(vault.cluster) ?? "" } } : {}),
    ...(aws ? { aws: { ...aws, accountStack: accounts.get(aws.accountId) ?? "" } } : {}),
  };
}

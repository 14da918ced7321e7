/*
 * Which locations a principal's policies could reach at all, found from the policies instead of
 * by trying every location: the literal head of each pattern (before its first wildcard) is looked
 * up in a sorted index of the locations' paths and ARNs. A location outside every such lookup
 * cannot be matched by any of the principal's patterns, so every action on it is denied by default
 * (Vault) or implicitly (IAM); the simulation counts those decisions without evaluating them.
 *
 * The lookups over-approximate (a head says "may match", the evaluator decides), never under:
 * - Vault: a path pattern matches a request path only if the path starts with the pattern's part
 *   before its first `+` or `*`. A token's policies are relative to its namespace, so each head is
 *   looked up under the token's namespace and, for a policy that names another namespace or
 *   cluster (reported as blocked), as an absolute path too.
 * - IAM, identity policies: an Allow statement reaches a secret (or key) only if a Resource pattern
 *   matches its ARN, so the ARN starts with the pattern's part before its first `*`, `?` or policy
 *   variable (compared in lower case: the first five ARN parts are case-insensitive). NotResource,
 *   or no Resource element, reaches everything.
 * - IAM, resource and key policies: without an identity Allow, only a resource-policy Allow that
 *   names the principal itself (its ARN, everyone, or NotPrincipal) can grant; one that names the
 *   principal's account delegates to identity policies, which the lookup above covers.
 * The exhaustive simulation (exhaustive.ts) is the oracle that keeps these claims honest.
 */
import { actionMatches } from "../iam/statement-match";
import type { IamPolicy, IamStatement } from "../iam/policy-document";
import { joinNamespace } from "../../intent/ids";
import type { AccessModel, AwsSecret, IamPrincipal, VaultLocation, VaultPrincipal } from "../access-model/types";
import { joinPath, normalizeNamespace, normalizeRequestPath } from "../vault/policy-evaluator";
import { AWS_KEY_ACTIONS, AWS_SECRET_ACTIONS } from "./judge";
import { literalHead, PrefixIndex } from "./prefix-index";

const VAULT_WILDCARDS = "+*";
/** `$` starts a policy variable, which may resolve to anything. */
const IAM_WILDCARDS = "*?$";

/** The secrets that share one key and one region: the key's decisions cannot tell them apart. */
export interface KeyGroup {
  readonly keyArn: string;
  readonly secrets: readonly AwsSecret[];
  /** Whether a decision on the key may depend on which secret it is for (see `uniformFor`). */
  readonly keyPolicyMentionsSecret: boolean;
}

export class AccessIndex {
  private readonly vaultPaths: PrefixIndex<VaultLocation>;
  private readonly secretArns: PrefixIndex<AwsSecret>;
  private readonly keyArns: PrefixIndex<KeyGroup>;
  private readonly secrets: readonly AwsSecret[];
  readonly keyGroups: readonly KeyGroup[];
  /** Principal ARN -> secrets whose resource policy allows that ARN by name. */
  private readonly secretsNaming = new Map<string, AwsSecret[]>();
  /** Secrets whose resource policy allows everyone (or all but some, NotPrincipal). */
  private readonly secretsForEveryone: AwsSecret[] = [];
  private readonly keysNaming = new Map<string, KeyGroup[]>();
  private readonly keysForEveryone: KeyGroup[] = [];

  constructor(model: AccessModel) {
    const vaultEntries: [string, VaultLocation][] = [];
    const secrets: AwsSecret[] = [];
    for (const location of model.locations) {
      if (location.store === "vault") for (const key of vaultKeys(location)) vaultEntries.push([key, location]);
      else secrets.push(location);
    }
    this.vaultPaths = new PrefixIndex(vaultEntries);
    this.secrets = secrets;
    this.secretArns = new PrefixIndex(secrets.map((secret) => [secret.id.toLowerCase(), secret] as const));

    const groups = new Map<string, { keyArn: string; policy?: IamPolicy; secrets: AwsSecret[] }>();
    const policyIds = new Map<IamPolicy, number>();
    for (const secret of secrets) {
      if (!secret.kmsKeyArn) continue;
      // The same key policy object, the same region: the same decision for every secret of the group.
      let policyId = 0;
      if (secret.keyPolicy) {
        policyId = policyIds.get(secret.keyPolicy) ?? policyIds.size + 1;
        policyIds.set(secret.keyPolicy, policyId);
      }
      const id = `${secret.kmsKeyArn}|${secret.region}|${policyId}`;
      let group = groups.get(id);
      if (!group) groups.set(id, (group = { keyArn: secret.kmsKeyArn, policy: secret.keyPolicy, secrets: [] }));
      group.secrets.push(secret);
    }
    this.keyGroups = [...groups.values()].map((group) => ({
      keyArn: group.keyArn,
      secrets: group.secrets,
      keyPolicyMentionsSecret: mentionsSecret(group.policy),
    }));
    this.keyArns = new PrefixIndex(this.keyGroups.map((group) => [group.keyArn.toLowerCase(), group] as const));

    for (const secret of secrets) {
      for (const named of principalsGranted(secret.resourcePolicy, AWS_SECRET_ACTIONS)) {
        if (named === EVERYONE) this.secretsForEveryone.push(secret);
        else pushTo(this.secretsNaming, named, secret);
      }
    }
    for (const group of this.keyGroups) {
      for (const named of principalsGranted(group.secrets[0].keyPolicy, AWS_KEY_ACTIONS)) {
        if (named === EVERYONE) this.keysForEveryone.push(group);
        else pushTo(this.keysNaming, named, group);
      }
    }
  }

  /** The Vault locations (of any cluster) one of the principal's policy patterns may match. */
  vaultCandidates(principal: VaultPrincipal): Set<VaultLocation> {
    const found = new Set<VaultLocation>();
    const namespace = normalizeNamespace(principal.namespace);
    for (const policy of principal.policies) {
      for (const rule of policy.rules) {
        const head = literalHead(rule.path, VAULT_WILDCARDS).replace(/^\/+/, "");
        for (const location of this.vaultPaths.withPrefix(head)) found.add(location);
        if (namespace !== "") for (const location of this.vaultPaths.withPrefix(`${namespace}/${head}`)) found.add(location);
      }
    }
    return found;
  }

  /** The secrets an identity statement may reach, or whose resource policy names the principal. */
  secretCandidates(principal: IamPrincipal): Set<AwsSecret> {
    const found = new Set<AwsSecret>(this.secretsNaming.get(principal.arn) ?? []);
    for (const secret of this.secretsForEveryone) found.add(secret);
    for (const statement of allowStatements(principal.identityPolicies, AWS_SECRET_ACTIONS)) {
      if (!statement.resources) return new Set(this.secrets);
      for (const resource of statement.resources)
        for (const secret of this.secretArns.withPrefix(literalHead(resource, IAM_WILDCARDS).toLowerCase())) found.add(secret);
    }
    return found;
  }

  /** The key groups an identity statement may reach, or whose key policy names the principal. */
  keyCandidates(principal: IamPrincipal): Set<KeyGroup> {
    const found = new Set<KeyGroup>(this.keysNaming.get(principal.arn) ?? []);
    for (const group of this.keysForEveryone) found.add(group);
    for (const statement of allowStatements(principal.identityPolicies, AWS_KEY_ACTIONS)) {
      if (!statement.resources) return new Set(this.keyGroups);
      for (const resource of statement.resources)
        for (const group of this.keyArns.withPrefix(literalHead(resource, IAM_WILDCARDS).toLowerCase())) found.add(group);
    }
    return found;
  }
}

/**
 * Whether one evaluation of the key stands for every secret of the group: the requests differ
 * only in `kms:EncryptionContext:SecretARN`, so it does unless a policy in play names the
 * encryption context (as a condition key or a policy variable).
 */
export function uniformFor(group: KeyGroup, principal: IamPrincipal): boolean {
  return !group.keyPolicyMentionsSecret && !principal.identityPolicies.some(mentionsSecret);
}

/** The one request key that differs between the secrets of a key group (judge.ts, secretsManagerContext). */
const ENCRYPTION_CONTEXT = /encryptioncontext/i;
const mentionsCache = new WeakMap<IamPolicy, boolean>();

function mentionsSecret(policy: IamPolicy | undefined): boolean {
  if (!policy) return false;
  let mentions = mentionsCache.get(policy);
  if (mentions === undefined) {
    mentions = policy.statements.some(
      (statement) =>
        statement.conditions.some(
          (clause) => ENCRYPTION_CONTEXT.test(clause.key) || clause.values.some((value) => ENCRYPTION_CONTEXT.test(value)),
        ) || [...(statement.resources ?? []), ...(statement.notResources ?? [])].some((resource) => ENCRYPTION_CONTEXT.test(resource)),
    );
    mentionsCache.set(policy, mentions);
  }
  return mentions;
}

/** Every form of a location's path the evaluators may match, with and without the slash a LIST adds. */
function vaultKeys(location: VaultLocation): Set<string> {
  const inNamespace = joinPath(normalizeNamespace(location.namespace), location.path);
  const absolute = joinNamespace(location.namespace, location.path);
  return new Set([inNamespace, absolute].flatMap((path) => [normalizeRequestPath(path, "read"), normalizeRequestPath(path, "list")]));
}

function* allowStatements(policies: readonly IamPolicy[], actions: readonly string[]): Generator<IamStatement> {
  for (const policy of policies) {
    for (const statement of policy.statements) {
      if (statement.effect === "Allow" && actions.some((action) => actionMatches(statement, action))) yield statement;
    }
  }
}

const EVERYONE = Symbol("everyone");

/** Who an Allow of a resource or key policy grants by name: principal ARNs, or everyone. Accounts delegate, so they are left out. */
function principalsGranted(policy: IamPolicy | undefined, actions: readonly string[]): (string | typeof EVERYONE)[] {
  if (!policy) return [];
  const named: (string | typeof EVERYONE)[] = [];
  for (const statement of policy.statements) {
    if (statement.effect !== "Allow" || !actions.some((action) => actionMatches(statement, action))) continue;
    if (statement.notPrincipals || statement.principals?.everyone) named.push(EVERYONE);
    else for (const arn of statement.principals?.aws ?? []) named.push(arn);
  }
  return named;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

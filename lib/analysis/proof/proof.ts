/*
 * The independent proof over a synth output, by server identity (lib/analysis/identity), never by
 * the library's names:
 * - duplicate-writer: two resources (in any stacks) write one server object;
 * - shared-variable: one Terraform variable feeds two database connections of a stack;
 * - cross-environment-write: an environment's stack writes where another environment lives
 *   (its namespace or mounts on the same cluster, however the address is spelled);
 * - cross-environment-trust: a role trusts another environment's account (or everyone);
 * - cross-environment-reach: a Vault policy reaches another environment's place on its cluster, or
 *   an identity policy names another environment's account;
 * - trust-without-external-id: a role trusts an account outside every environment without
 *   requiring sts:ExternalId (the confused deputy);
 * - pattern-escapes-declared: a Vault policy pattern or IAM resource pattern reaches beyond what
 *   the intent manifest declares for its owner, decided symbolically (pattern containment);
 * - wildcard-action: an identity policy allows `*` or `<service>:*`.
 * A cross-environment trust, a wildcard action or a wildcard resource of a role that a declared,
 * unexpired exception of the intent manifest names (same role, same target) is reported apart,
 * as allowed by that exception (proveWithExceptions).
 */
import type { AccessModel, IamPrincipal, RoleTrust, VaultPrincipal } from "../access-model/types";
import { joinVaultPath, type ServerObject } from "../identity";
import type { IntentException } from "../../intent/types";
import { containedInAny, exactPattern, hasWildcard, iamPattern, vaultPattern, type Pattern } from "./pattern-containment";
import { byText } from "../../shared/text-order";

export type ProofKind =
  | "duplicate-writer"
  | "shared-variable"
  | "cross-environment-write"
  | "cross-environment-trust"
  | "cross-environment-reach"
  | "trust-without-external-id"
  | "pattern-escapes-declared"
  | "wildcard-action";

export interface ProofViolation {
  readonly kind: ProofKind;
  /** The writer (`<stack>/<address>`) or the principal. */
  readonly principal: string;
  readonly environment: string;
  /** The server object, pattern or account reached. */
  readonly resource: string;
  readonly action: string;
  readonly via: string;
  readonly reason: string;
  readonly resourceEnvironment?: string;
}

/** A finding a declared exception covers: reported, never a violation. */
export interface AllowedByException extends ProofViolation {
  /** The exception's id: `allowed by exception <id>`. */
  readonly exception: string;
  readonly approvedBy: string;
  readonly expires: string;
}

export interface ProofResult {
  readonly violations: ProofViolation[];
  readonly allowed: AllowedByException[];
}

/** What an exception would have to name to cover a finding: the role (`<account>:role/<name>`) and the target. */
const crossings = new WeakMap<
  ProofViolation,
  { readonly role: string; readonly target: string; readonly boundary: IntentException["boundary"] }
>();

/** `arn:<partition>:iam::<account>:role/<name>` -> `<account>:role/<name>`: the partition is the environment's. */
function roleKey(arn: string): string {
  const at = arn.indexOf(":iam::");
  return at < 0 ? arn : arn.slice(at + ":iam::".length);
}

/**
 * The proof, with each finding that a declared exception covers moved to `allowed`: the same
 * environment, one of the exception's roles, its target as written. An exception that expired by
 * `now` (YYYY-MM-DD; without it expiry is not judged) covers nothing, and the finding says so.
 */
export function proveWithExceptions(model: AccessModel, options: { readonly now?: string } = {}): ProofResult {
  const exceptions = model.intent.exceptions ?? [];
  const violations: ProofViolation[] = [];
  const allowed: AllowedByException[] = [];
  for (const finding of runProof(model)) {
    const crossing = crossings.get(finding);
    const matching = crossing
      ? exceptions.filter(
          (e) =>
            e.boundary === crossing.boundary &&
            e.environment === finding.environment &&
            e.target === crossing.target &&
            e.principals.some((p) => roleKey(p) === crossing.role),
        )
      : [];
    const holding = matching.find((e) => options.now === undefined || e.expires >= options.now);
    if (holding) allowed.push({ ...finding, exception: holding.id, approvedBy: holding.approvedBy, expires: holding.expires });
    else if (matching.length > 0)
      violations.push({ ...finding, reason: `${finding.reason} (exception ${matching[0].id} expired on ${matching[0].expires})` });
    else violations.push(finding);
  }
  return { violations, allowed };
}

/** Actions AWS authorizes only on `*` (no resource-level permissions). */
// The two listings of the auditor's role (etl-secrets audit) have no resource-level permission
// either; they return names and dates, never a value.
const RESOURCELESS_ACTIONS = new Set([
  "xray:PutTelemetryRecords",
  "xray:PutTraceSegments",
  "secretsmanager:GetRandomPassword",
  "sts:GetCallerIdentity",
  "secretsmanager:ListSecrets",
  "iam:ListRoles",
]);

/** Vault API shapes that hand out or hold credential material. */
const CREDENTIAL_PATH = /(^|\/)(data|metadata|creds|static-creds|issue|sign)\/|(^|\/)roleset\/[^/]+\/(key|token)$/;

function writerOf(object: ServerObject): string {
  return `${object.stack}/${object.address}`;
}

/** Every proof check over one access model, violations sorted by kind, principal, resource and action. */
export function runProof(model: AccessModel): ProofViolation[] {
  const territories = territoriesOf(model.objects);
  const accounts = accountsOf(model);
  const violations: ProofViolation[] = [
    ...duplicateWriters(model.objects),
    ...sharedVariables(model),
    ...crossEnvironmentWrites(model, territories),
    ...crossEnvironmentReach(model, territories),
    ...trustViolations(model, accounts),
    ...patternViolations(model, accounts.otherEnvironmentOf),
  ];
  return dedupe(violations).sort(
    (a, b) => byText(a.kind, b.kind) || byText(a.principal, b.principal) || byText(a.resource, b.resource) || byText(a.action, b.action),
  );
}

/** An environment's places on Vault clusters: where only it may write. */
type Territories = Map<string, { cluster: string; prefix: string }[]>;

/** 1. Two writers of one server object. */
function duplicateWriters(objects: readonly ServerObject[]): ProofViolation[] {
  const violations: ProofViolation[] = [];
  const byKey = new Map<string, ServerObject[]>();
  for (const object of objects) {
    const list = byKey.get(object.key);
    if (list) list.push(object);
    else byKey.set(object.key, [object]);
  }
  for (const [key, writers] of byKey) {
    if (writers.length < 2) continue;
    const [first, ...others] = writers;
    violations.push({
      kind: "duplicate-writer",
      principal: writerOf(first),
      environment: first.environment ?? "(none)",
      resource: key,
      action: "write",
      via: `also written by ${others.map(writerOf).join(", ")}`,
      reason: `${writers.length} resources write one server object: the last apply wins and every policy naming it reaches both`,
      ...(others.find((o) => o.environment !== first.environment)?.environment
        ? { resourceEnvironment: others.find((o) => o.environment !== first.environment)!.environment }
        : {}),
    });
  }
  return violations;
}

/** 2. One Terraform variable feeding two database connections. */
function sharedVariables(model: AccessModel): ProofViolation[] {
  const violations: ProofViolation[] = [];
  for (const stack of model.stacks) {
    const users = new Map<string, string[]>();
    for (const resource of stack.resources) {
      if (resource.type !== "vault_database_secret_backend_connection") continue;
      for (const match of JSON.stringify(resource.raw).matchAll(/\$\{\s*var\.([\w-]+)/g)) {
        const list = users.get(match[1]) ?? [];
        if (!list.includes(resource.address)) list.push(resource.address);
        users.set(match[1], list);
      }
    }
    const environment = model.intent.environments.find((env) => env.stack === stack.name)?.name ?? "(none)";
    for (const [variable, addresses] of users) {
      if (addresses.length < 2) continue;
      violations.push({
        kind: "shared-variable",
        principal: `${stack.name}/${addresses[0]}`,
        environment,
        resource: `${stack.name}/var.${variable}`,
        action: "read",
        via: `also read by ${addresses
          .slice(1)
          .map((a) => `${stack.name}/${a}`)
          .join(", ")}`,
        reason: "one variable feeds two database connections: one database's bootstrap password goes to another host",
      });
    }
  }
  return violations;
}

function territoriesOf(objects: readonly ServerObject[]): Territories {
  const territories: Territories = new Map();
  for (const object of objects) {
    if (!object.vault || !object.environment) continue;
    const list = territories.get(object.environment) ?? [];
    const add = (prefix: string) => {
      if (prefix && !list.some((t) => t.cluster === object.vault!.cluster && t.prefix === prefix))
        list.push({ cluster: object.vault!.cluster, prefix });
    };
    // An environment's place: its provider's namespace, and the mounts it makes there (never a
    // place it reaches into through a resource's own namespace argument).
    add(object.vault.home);
    if (object.key.includes("/route:") && object.vault.namespace === object.vault.home) add(object.vault.reach);
    territories.set(object.environment, list);
  }
  return territories;
}

function isProduction(model: AccessModel, environment: string): boolean {
  return model.intent.environments.find((env) => env.name === environment)?.production === true;
}

/** 3. Writes into another environment's place on a Vault cluster. */
function crossEnvironmentWrites(model: AccessModel, territories: Territories): ProofViolation[] {
  const violations: ProofViolation[] = [];
  const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  for (const object of model.objects) {
    if (!object.vault || !object.environment) continue;
    for (const [other, places] of territories) {
      if (other === object.environment) continue;
      const place = places.find((t) => t.cluster === object.vault!.cluster && under(object.vault!.reach, t.prefix));
      if (!place) continue;
      violations.push({
        kind: "cross-environment-write",
        principal: writerOf(object),
        environment: object.environment,
        resource: `vault:${object.vault.cluster}/${object.vault.reach}`,
        action: "write",
        via: `${object.type} in namespace "${object.vault.namespace || "root"}", path "${object.vault.path}"`,
        reason: `writes inside ${other}'s place "${place.prefix}" on cluster ${place.cluster}${isProduction(model, other) ? " (production)" : ""}`,
        resourceEnvironment: other,
      });
    }
  }
  return violations;
}

/** 3b. Vault policies of one environment reaching another environment's place on their cluster. */
function crossEnvironmentReach(model: AccessModel, territories: Territories): ProofViolation[] {
  const violations: ProofViolation[] = [];
  const clusterOfStack = new Map<string, string>();
  for (const object of model.objects)
    if (object.vault && !clusterOfStack.has(object.stack)) clusterOfStack.set(object.stack, object.vault.cluster);
  const envOfStack = new Map(model.intent.environments.map((env) => [env.stack, env.name]));
  for (const principal of model.principals) {
    if (principal.kind !== "vault") continue;
    const cluster = clusterOfStack.get(principal.stack);
    const own = envOfStack.get(principal.stack) ?? principal.environment;
    if (!cluster || !own) continue;
    for (const policy of principal.policies) {
      for (const rule of policy.rules) {
        const granting = rule.capabilities.filter((c) => c !== "deny");
        if (granting.length === 0 || rule.capabilities.includes("deny")) continue;
        const full = fullPolicyPath(principal.namespace, rule.path);
        for (const [other, places] of territories) {
          if (other === own) continue;
          const place = places.find((t) => t.cluster === cluster && patternReaches(full, t.prefix));
          if (!place) continue;
          violations.push({
            kind: "cross-environment-reach",
            principal: principal.id,
            environment: own,
            resource: `vault:${cluster}/${full}`,
            action: granting.join(","),
            via: `vault policy "${policy.name}" path "${rule.path}"`,
            reason: `reaches ${other}'s place "${place.prefix}" on cluster ${cluster}${isProduction(model, other) ? " (production)" : ""}`,
            resourceEnvironment: other,
          });
        }
      }
    }
  }
  return violations;
}

interface EnvironmentAccounts {
  /** Every account of every environment. */
  readonly declared: ReadonlySet<string>;
  /** The environment an account belongs to when it is not `own`'s. */
  readonly otherEnvironmentOf: (account: string, own: string | undefined) => string | undefined;
}

/** Accounts of each environment, from the stacks' providers (identity objects carry them). */
function accountsOf(model: AccessModel): EnvironmentAccounts {
  const accounts = new Map<string, Set<string>>();
  for (const object of model.objects) {
    if (!object.aws || !object.environment || !object.aws.accountId) continue;
    const set = accounts.get(object.environment) ?? new Set<string>();
    set.add(object.aws.accountId);
    accounts.set(object.environment, set);
  }
  for (const env of model.intent.environments) if (env.aws && !accounts.has(env.name)) accounts.set(env.name, new Set([env.aws.accountId]));
  return {
    declared: new Set([...accounts.values()].flatMap((set) => [...set])),
    otherEnvironmentOf: (account, own) => {
      if (own && accounts.get(own)?.has(account)) return undefined;
      for (const [env, set] of accounts) if (env !== own && set.has(account)) return env;
      return undefined;
    },
  };
}

/** Roles assumed for a declared value-free log read, by their account and name, with the reader's account. */
function declaredLogReadersOf(model: AccessModel): Set<string> {
  const declaredLogReaders = new Set<string>();
  for (const env of model.intent.environments) {
    for (const principal of env.principals) {
      const readerAccount = /^arn:[^:]+:iam::(\d+):role\//.exec(principal.id)?.[1];
      for (const read of principal.logReads ?? []) {
        const via = read.via && /^arn:[^:]+:iam::(\d+):role\/(?:.*\/)?([^/]+)$/.exec(read.via);
        if (via && readerAccount && read.valueFree) declaredLogReaders.add(`${via[1]}|${via[2]}|${readerAccount}`);
      }
    }
  }
  return declaredLogReaders;
}

/** 4. Trust across environments, and third parties without an external id. */
function trustViolations(model: AccessModel, accounts: EnvironmentAccounts): ProofViolation[] {
  const violations: ProofViolation[] = [];
  const declaredLogReaders = declaredLogReadersOf(model);
  for (const trust of model.trusts) {
    for (const entry of trust.trusted) {
      if (entry.account !== "*" && entry.account !== trust.accountId && !accounts.declared.has(entry.account) && !entry.externalId) {
        violations.push({
          kind: "trust-without-external-id",
          principal: `${trust.stack}/${trust.address}`,
          environment: trust.environment ?? "(none)",
          resource: `arn:aws:iam::${trust.accountId}:role/${trust.roleName}`,
          action: "sts:AssumeRole",
          via: `trust policy allows account ${entry.account}`,
          reason: `account ${entry.account} belongs to no environment and the trust requires no sts:ExternalId`,
        });
      }
      // The role's own account crosses nothing (as a policy naming its own account, check 5): its
      // principals are those of the account the role lives in. That matters for the roles of stacks
      // of no environment (a Vault cluster's audit stack in one environment's account), whose own
      // account would otherwise read as "another environment's".
      const crossed =
        entry.account === "*"
          ? "every account"
          : entry.account === trust.accountId
            ? undefined
            : accounts.otherEnvironmentOf(entry.account, trust.environment);
      if (!crossed) continue;
      // A declared value-free log read (the auditors' reader role of a Vault cluster's audit log): shown by simulate and review.
      if (declaredLogReaders.has(`${trust.accountId}|${trust.roleName}|${entry.account}`)) continue;
      violations.push(crossing(trust, entry.account, crossed));
    }
  }
  return violations;
}

/** A trust that lets another environment's account (or every account) assume the role. */
function crossing(trust: RoleTrust, account: string, crossed: string): ProofViolation {
  const violation: ProofViolation = {
    kind: "cross-environment-trust",
    principal: `${trust.stack}/${trust.address}`,
    environment: trust.environment ?? "(none)",
    resource: `arn:aws:iam::${trust.accountId}:role/${trust.roleName}`,
    action: "sts:AssumeRole",
    via: `trust policy allows account ${account}`,
    reason:
      account === "*"
        ? "the role trusts every AWS account"
        : `a principal of ${crossed} (account ${account}) may assume a role of ${trust.environment ?? "another environment"}`,
    ...(account === "*" ? {} : { resourceEnvironment: trust.environment }),
  };
  if (account !== "*")
    crossings.set(violation, { boundary: "cross-environment-trust", role: `${trust.accountId}:role/${trust.roleName}`, target: account });
  return violation;
}

/** 5. Policy patterns inside their owner's declared reach. */
function patternViolations(model: AccessModel, otherEnvironmentOf: EnvironmentAccounts["otherEnvironmentOf"]): ProofViolation[] {
  const violations: ProofViolation[] = [];
  const { vault: declaredVault, aws: declaredAws } = declaredReach(model);
  const knownVaultPaths = new Set(
    model.locations
      .filter((l) => l.store === "vault")
      .map((l) => (l.store === "vault" ? `${l.cluster}|${joinVaultPath(l.namespace, l.path)}` : "")),
  );
  const logReadRoles = declaredLogReadRoles(model);
  for (const principal of model.principals) {
    if (principal.kind === "vault")
      violations.push(...vaultPatternChecks(principal, declaredVault.get(principal.id) ?? [], knownVaultPaths));
    else if (!principal.outsider)
      violations.push(
        ...iamPatternChecks(principal, declaredAws.get(principal.id) ?? [], otherEnvironmentOf, logReadRoles.get(principal.id) ?? NO_ROLES),
      );
  }
  return violations;
}

const NO_ROLES: ReadonlySet<string> = new Set();

/**
 * The roles each principal assumes for a declared value-free log read (the auditors' reader role of
 * a Vault cluster's audit log), by principal: assuming one is declared reach even in another
 * environment's account (the audit stack may live in one), as check 4 accepts the role's trust.
 */
function declaredLogReadRoles(model: AccessModel): Map<string, Set<string>> {
  const roles = new Map<string, Set<string>>();
  for (const env of model.intent.environments) {
    for (const principal of env.principals) {
      for (const read of principal.logReads ?? []) {
        if (!read.valueFree || !read.via) continue;
        const set = roles.get(principal.id) ?? new Set<string>();
        set.add(read.via);
        roles.set(principal.id, set);
      }
    }
  }
  return roles;
}

/** What each declared principal may reach, as patterns: its grants, mints, metadata scopes, and for people their environment's secrets. */
function declaredReach(model: AccessModel): { vault: Map<string, Pattern[]>; aws: Map<string, Pattern[]> } {
  const envs = model.intent.environments;
  const declaredVault = new Map<string, Pattern[]>();
  const declaredAws = new Map<string, Pattern[]>();
  const locationsById = new Map<string, { full: string } | { arn: string }>();
  for (const env of envs) {
    for (const credential of env.credentials) {
      for (const location of credential.locations) {
        if (location.store === "vault") locationsById.set(location.resource, { full: joinVaultPath(location.namespace, location.path) });
        else locationsById.set(location.resource, { arn: location.resource });
      }
    }
  }
  for (const env of envs) {
    for (const principal of env.principals) {
      const vault: Pattern[] = [];
      const aws: Pattern[] = [];
      // A quarantined grant (no actions) is still the principal's declared reach: quarantine
      // denies it elsewhere, so a policy that keeps naming the location stays inside its prefix.
      for (const grant of principal.grants) {
        const location = locationsById.get(grant.resource);
        if (location && "full" in location) vault.push(exactPattern(location.full));
        else aws.push(secretPattern(location && "arn" in location ? location.arn : grant.resource));
      }
      // An orchestrator's declared mints (secret-id and role-id of each listed AppRole role).
      for (const mint of principal.mints ?? [])
        for (const resource of [mint.secretId, mint.roleId]) vault.push(exactPattern(resource.replace(/^vault:[^/]+\//, "")));
      // The auditor's declared metadata patterns (listings and definitions; never a value kind).
      for (const scope of principal.metadataScopes ?? []) vault.push(vaultPattern(fullPolicyPath(env.vault?.namespace ?? "", scope)));
      if ((principal.class === "break-glass" || principal.class === "operator" || principal.class === "auditor") && env.aws) {
        // People of an environment may reach all of its secrets, today's and tomorrow's.
        aws.push(
          iamPattern(
            `arn:${env.aws.partition}:secretsmanager:${env.aws.region}:${env.aws.accountId}:secret:${model.intent.organization}/${env.name}/*`,
          ),
        );
      }
      declaredVault.set(principal.id, vault);
      declaredAws.set(principal.id, aws);
    }
  }
  return { vault: declaredVault, aws: declaredAws };
}

/** A declared secret ARN (with the analysis' synthetic suffix) as the pattern of the real one. */
function secretPattern(arn: string): Pattern {
  const match = /^(arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:.+)-[A-Za-z0-9]{6}$/.exec(arn);
  return match ? iamPattern(`${match[1]}-??????`) : exactPattern(arn);
}

function vaultPatternChecks(principal: VaultPrincipal, declared: readonly Pattern[], known: ReadonlySet<string>): ProofViolation[] {
  const out: ProofViolation[] = [];
  for (const policy of principal.policies) {
    for (const rule of policy.rules) {
      const granting = rule.capabilities.filter((c) => c !== "deny");
      if (granting.length === 0 || rule.capabilities.includes("deny")) continue;
      const full = fullPolicyPath(principal.namespace, rule.path);
      const pattern = vaultPattern(full);
      if (!hasWildcard(pattern)) {
        // An exact path is judged by the decisions when it names a known location; here only
        // credential-shaped paths nobody declared (a credential that does not exist yet).
        if (!CREDENTIAL_PATH.test(rule.path) || granting.every((c) => c === "list")) continue;
        if (known.has(`${principal.cluster}|${full}`)) continue;
      }
      if (containedInAny(declared, pattern)) continue;
      out.push({
        kind: "pattern-escapes-declared",
        principal: principal.id,
        environment: principal.environment ?? "(none)",
        resource: `vault:${principal.cluster}/${full}`,
        action: granting.join(","),
        via: `vault policy "${policy.name}" path "${rule.path}"`,
        reason: hasWildcard(pattern)
          ? "the pattern reaches paths its owner does not declare (today's or tomorrow's), not only the declared ones"
          : "a credential path its owner does not declare",
      });
    }
  }
  return out;
}

// long-function: every Allow statement of one principal's identity policies against the declared patterns, one branch per escape (wildcard action, NotResource, Resource "*", a pattern beyond the declared ones, another environment's account); the branches share the statement being read and one finding builder
function iamPatternChecks(
  principal: IamPrincipal,
  declared: readonly Pattern[],
  otherEnvironmentOf: (account: string, own: string | undefined) => string | undefined,
  logReadRoles: ReadonlySet<string>,
): ProofViolation[] {
  const out: ProofViolation[] = [];
  const push = (
    kind: ProofKind,
    resource: string,
    action: string,
    via: string,
    reason: string,
    resourceEnvironment?: string,
    wildcard?: string,
  ) => {
    const finding: ProofViolation = {
      kind,
      principal: principal.id,
      environment: principal.environment ?? "(none)",
      resource,
      action,
      via,
      reason,
      ...(resourceEnvironment ? { resourceEnvironment } : {}),
    };
    // A wildcard action or resource: what a wildcard-permission exception names.
    if (wildcard !== undefined) crossings.set(finding, { boundary: "wildcard-permission", role: roleKey(principal.id), target: wildcard });
    out.push(finding);
  };
  for (const policy of principal.identityPolicies) {
    for (const statement of policy.statements) {
      if (statement.effect !== "Allow") continue;
      const via = `identity policy "${policy.name}" statement ${statement.sid ? `"${statement.sid}"` : `#${statement.index}`}`;
      const actions = statement.actions ?? [];
      const wild = statement.notActions ? ["NotAction"] : actions.filter((a) => a === "*" || /:\*$/.test(a));
      for (const action of wild)
        push(
          "wildcard-action",
          (statement.resources ?? ["*"]).join(","),
          action,
          via,
          "a wildcard action allows every operation of the service, present and future",
          undefined,
          action === "NotAction" ? undefined : action,
        );
      if (statement.notResources) {
        push(
          "pattern-escapes-declared",
          `NotResource ${statement.notResources.join(",")}`,
          actions.join(","),
          via,
          "an Allow with NotResource reaches everything else",
        );
        continue;
      }
      for (const resource of statement.resources ?? []) {
        if (resource.includes("${") && !resource.startsWith("${aws:")) continue; // left unresolved: reported by the model
        if (resource === "*") {
          if (actions.length > 0 && actions.every((a) => RESOURCELESS_ACTIONS.has(a))) continue;
          push(
            "pattern-escapes-declared",
            resource,
            actions.join(","),
            via,
            'Resource "*" reaches every resource of every account',
            undefined,
            resource,
          );
          continue;
        }
        const arn = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/.exec(resource);
        if (!arn) continue;
        const [, partition, service, , account, rest] = arn;
        if (/[*?]/.test(partition) || /[*?]/.test(service) || /[*?]/.test(account)) {
          push(
            "pattern-escapes-declared",
            resource,
            actions.join(","),
            via,
            "a wildcard in the partition, service or account reaches other accounts",
            undefined,
            resource,
          );
          continue;
        }
        const declaredLogRead = logReadRoles.has(resource) && actions.length > 0 && actions.every((a) => a === "sts:AssumeRole");
        if (account && account !== principal.accountId && !declaredLogRead) {
          const other = otherEnvironmentOf(account, principal.environment);
          if (other) push("cross-environment-reach", resource, actions.join(","), via, `names account ${account} of ${other}`, other);
        }
        if (service === "s3" && /[*?]/.test(rest.split("/")[0])) {
          push(
            "pattern-escapes-declared",
            resource,
            actions.join(","),
            via,
            "a wildcard in the bucket name reaches buckets of anyone (S3 names are global)",
            undefined,
            resource,
          );
          continue;
        }
        if (service === "secretsmanager" && !containedInAny(declared, iamPattern(resource))) {
          push(
            "pattern-escapes-declared",
            resource,
            actions.join(","),
            via,
            "a secret pattern beyond what the intent manifest declares for this principal",
          );
        }
      }
    }
  }
  return out;
}

/** Whether a (full) Vault policy pattern can match a path at or under `prefix`. */
export function patternReaches(full: string, prefix: string): boolean {
  const wildcardAt = [full.indexOf("+"), full.endsWith("*") ? full.length - 1 : -1].filter((i) => i >= 0);
  if (wildcardAt.length === 0) return full === prefix || full.startsWith(`${prefix}/`);
  const literal = full.slice(0, Math.min(...wildcardAt));
  return literal.startsWith(`${prefix}/`) || `${prefix}/`.startsWith(literal);
}

/** A policy path of a token's namespace as a path from the root, keeping a trailing `/` and `*`. */
export function fullPolicyPath(namespace: string, path: string): string {
  const star = path.endsWith("*");
  const body = star ? path.slice(0, -1) : path;
  let full = joinVaultPath(namespace, body);
  if ((body.endsWith("/") || body === "") && full !== "") full += "/";
  return star ? `${full}*` : full;
}

function dedupe(list: readonly ProofViolation[]): ProofViolation[] {
  const seen = new Set<string>();
  return list.filter((v) => {
    const key = `${v.kind}|${v.principal}|${v.resource}|${v.action}|${v.via}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/*
 * The access model of a synth directory: every principal (Vault auth roles and identity groups
 * with their policies; IAM roles with their identity policies) and every credential location
 * (Vault paths, Secrets Manager secrets with tags, resource policy and key), read from the
 * synthesized JSON, with the intent manifest's locations of every environment added so that
 * cross-environment attempts are evaluated too.
 */
import { parseIamPolicy, type IamPolicy } from "../iam/policy-document";
import { canonicalRoleArn, joinNamespace, principalIds, resourceIds, vaultCluster } from "../intent/ids";
import type { IntentEnvironment, IntentPrincipal, VaultPathKind } from "../intent/types";
import { parseVaultPolicy, type ParsedPolicy } from "../vault/policy-document";
import { awsContextOf, indexStack, providerKey, ReferenceResolver, type StackIndex, type StackResource } from "./references";
import { serverObjectsOf } from "../identity/server-objects";
import { classifyResourceType, VAULT_AUTH_ROLE_TYPES } from "./resource-types";
import { readSynthDir, type SynthDir } from "./synth-dir";
import type { AccessModel, AwsSecret, IamPrincipal, Location, ModelIssue, Principal, RoleTrust, VaultLocation, VaultPrincipal } from "./types";
import { byText } from "../../shared/text-order";

/** The stand-in for "anyone in another account": it grants itself everything, as an attacker would. */
export const OUTSIDER_ARN = "arn:aws:iam::000000000001:role/etl-secrets-simulate-outsider";

export function loadAccessModel(dir: string): AccessModel {
  return buildAccessModel(readSynthDir(dir));
}

interface Resolved {
  readonly stack: StackIndex;
  readonly resource: StackResource;
  readonly config: Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function tagsOf(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

export function buildAccessModel(synth: SynthDir): AccessModel {
  const stacks = synth.stacks.map(indexStack);
  const resolver = new ReferenceResolver(stacks);
  const issues: ModelIssue[] = [];
  const intent = synth.intent;
  const envByStack = new Map(intent.environments.map((env) => [env.stack, env]));
  const intentPrincipals = new Map<string, { env: IntentEnvironment; principal: IntentPrincipal }>();
  for (const env of intent.environments) for (const principal of env.principals) intentPrincipals.set(principal.id, { env, principal });

  // In a stack the team owns, the library's constructs sit under `roots`; the rest is the team's own.
  const rootsOf = new Map(synth.stacks.map((file) => [file.name, file.roots]));
  const teamOwned = (stack: string, constructPath: string): boolean => {
    const roots = rootsOf.get(stack);
    return roots !== undefined && !roots.some((root) => constructPath === `${stack}/${root}` || constructPath.startsWith(`${stack}/${root}/`));
  };

  // Every resource, resolved once, grouped by type.
  const byType = new Map<string, Resolved[]>();
  for (const stack of stacks) {
    for (const resource of stack.resources) {
      const kind = classifyResourceType(resource.type);
      const at = { stack: stack.name, address: resource.address };
      if (kind === "unknown" && teamOwned(stack.name, resource.constructPath)) {
        // A team's own resource beside a composed environment: policies it grants are modelled when
        // their type is; a type simulate does not know is named, not judged.
        issues.push({ severity: "warning", ...at, message: `left out: "${resource.type}" is a resource of the team's own (outside the library's constructs) of a type simulate does not model` });
        continue;
      }
      if (kind === "unknown") {
        issues.push({ severity: "error", ...at, message: `unknown resource type "${resource.type}": simulate cannot tell whether it grants access to a secret` });
        continue;
      }
      if (kind === "not-modelled") {
        issues.push({ severity: "error", ...at, message: `"${resource.type}" can grant access, but simulate does not model it (not modelled)` });
        continue;
      }
      if (kind === "inert") continue;
      const list = byType.get(resource.type) ?? [];
      list.push({ stack, resource, config: resolver.config(stack, resource) });
      byType.set(resource.type, list);
    }
  }
  const ofType = (type: string) => byType.get(type) ?? [];

  const vaultAt = (r: Resolved) => {
    const provider = r.stack.vault.get(providerKey(r.resource, "vault")) ?? r.stack.vault.get("vault");
    return {
      cluster: vaultCluster(provider?.address ?? "unknown-vault"),
      namespace: joinNamespace(provider?.namespace, str(r.config.namespace)),
    };
  };
  /** The environment whose Vault namespace (or mount prefix, at root) holds a path. */
  const vaultEnvironment = (cluster: string, namespace: string, path: string, stack: string): string | undefined => {
    const full = joinNamespace(namespace, path);
    const candidates = intent.environments.filter((env) => env.vault?.cluster === cluster);
    for (const env of candidates) {
      const boundary = env.vault!.isolation === "namespace" ? env.vault!.namespace : env.vault!.mountPrefix ?? "";
      if (boundary && (full === boundary || full.startsWith(`${boundary}/`))) return env.name;
    }
    return envByStack.get(stack)?.name;
  };

  // Vault policies by cluster, namespace and name.
  const vaultPolicies = new Map<string, ParsedPolicy>();
  const policyKey = (cluster: string, namespace: string, name: string) => `${cluster}|${namespace}|${name}`;
  for (const r of ofType("vault_policy")) {
    const name = str(r.config.name);
    const text = str(r.config.policy);
    if (!name || text === undefined) {
      issues.push({ severity: "error", stack: r.stack.name, address: r.resource.address, message: "vault_policy without a literal name and policy text" });
      continue;
    }
    try {
      const { cluster, namespace } = vaultAt(r);
      vaultPolicies.set(policyKey(cluster, namespace, name), parseVaultPolicy(name, text));
    } catch (error) {
      issues.push({ severity: "error", stack: r.stack.name, address: r.resource.address, message: `policy text cannot be read: ${(error as Error).message}` });
    }
  }

  const principals = new Map<string, Principal>();
  const addVaultPrincipal = (r: Resolved, id: string, names: readonly string[]) => {
    const { cluster, namespace } = vaultAt(r);
    const declared = intentPrincipals.get(id);
    const policies: ParsedPolicy[] = [];
    const missing: string[] = [];
    for (const name of [...new Set(names)].sort(byText)) {
      const policy = vaultPolicies.get(policyKey(cluster, namespace, name));
      if (policy) policies.push(policy);
      else if (name !== "default") missing.push(name);
    }
    for (const name of missing) {
      issues.push({ severity: "warning", stack: r.stack.name, address: r.resource.address, message: `token policy "${name}" is not in the synth output; it is evaluated as granting nothing` });
    }
    const previous = principals.get(id) as VaultPrincipal | undefined;
    principals.set(id, {
      kind: "vault",
      id,
      stack: r.stack.name,
      address: previous ? `${previous.address}, ${r.resource.address}` : r.resource.address,
      environment: declared?.env.name ?? vaultEnvironment(cluster, namespace, "", r.stack.name),
      ...(declared ? { class: declared.principal.class } : {}),
      cluster,
      namespace,
      type: r.resource.type,
      policyNames: [...new Set([...(previous?.policyNames ?? []), ...names])].sort(byText),
      policies: [...(previous?.policies ?? []), ...policies],
      missingPolicies: [...(previous?.missingPolicies ?? []), ...missing],
    });
  };

  for (const [type, shape] of Object.entries(VAULT_AUTH_ROLE_TYPES)) {
    for (const r of ofType(type)) {
      const role = str(r.config[shape.roleArgument]);
      const mount = str(r.config.backend) ?? shape.defaultMount;
      if (!role || mount.includes("${")) {
        issues.push({ severity: "error", stack: r.stack.name, address: r.resource.address, message: `auth role without a literal ${shape.roleArgument} and backend: it cannot be evaluated` });
        continue;
      }
      const { cluster, namespace } = vaultAt(r);
      addVaultPrincipal(r, principalIds.vaultAuthRole(cluster, namespace, mount, role), strings(r.config.token_policies));
    }
  }
  const groupsByAddress = new Map<string, { r: Resolved; id: string }>();
  for (const r of ofType("vault_identity_group")) {
    const name = str(r.config.name) ?? r.resource.name;
    const { cluster, namespace } = vaultAt(r);
    const id = principalIds.vaultGroup(cluster, namespace, name);
    groupsByAddress.set(`${r.stack.name}/${r.resource.address}`, { r, id });
    addVaultPrincipal(r, id, strings(r.config.policies));
  }
  for (const r of ofType("vault_identity_group_policies")) {
    const raw = str(r.resource.raw.group_id) ?? "";
    const match = /^\$\{(vault_identity_group\.[\w-]+)\.id\}$/.exec(raw);
    const group = match && groupsByAddress.get(`${r.stack.name}/${match[1]}`);
    if (!group) {
      issues.push({ severity: "error", stack: r.stack.name, address: r.resource.address, message: `group_id "${raw}" does not name a vault_identity_group of this stack; its policies cannot be evaluated (not modelled)` });
      continue;
    }
    addVaultPrincipal(group.r, group.id, strings(r.config.policies));
  }

  // IAM: managed policies by ARN, roles, inline and attached policies.
  const iamPolicy = (r: Resolved, name: string, document: unknown): IamPolicy | undefined => {
    try {
      return parseIamPolicy(name, typeof document === "string" ? document : JSON.stringify(document));
    } catch (error) {
      issues.push({ severity: "error", stack: r.stack.name, address: r.resource.address, message: `IAM policy cannot be read: ${(error as Error).message}` });
      return undefined;
    }
  };
  const managed = new Map<string, IamPolicy>();
  for (const r of ofType("aws_iam_policy")) {
    const arn = resolver.attribute(r.stack, r.resource, "arn");
    const policy = iamPolicy(r, `${r.resource.address} (${str(r.config.name) ?? "?"})`, r.config.policy);
    if (arn && policy) managed.set(arn, policy);
  }
  const iamRoles = new Map<string, IamPrincipal>();
  const roleKey = (accountId: string, name: string) => `${accountId}|${name}`;
  const declaredIam = (id: string) => intentPrincipals.get(id);
  const ensureRole = (accountId: string, partition: string, name: string, from?: Resolved, arn?: string, tags: Record<string, string> = {}): IamPrincipal => {
    const key = roleKey(accountId, name);
    const existing = iamRoles.get(key);
    if (existing) return existing;
    const id = principalIds.iamRole(partition, accountId, name);
    const declared = declaredIam(id);
    const role: IamPrincipal = {
      kind: "iam",
      id,
      arn: arn ?? id,
      accountId,
      ...(from ? { stack: from.stack.name, address: from.resource.address } : {}),
      environment: declared?.env.name ?? (from && envByStack.get(from.stack.name)?.name) ?? tags.environment,
      ...(declared ? { class: declared.principal.class } : {}),
      roleName: name,
      tags,
      identityPolicies: [],
      opaquePolicies: [],
    };
    iamRoles.set(key, role);
    return role;
  };
  const attach = (role: IamPrincipal, policy: IamPolicy | undefined, opaque?: string) => {
    iamRoles.set(roleKey(role.accountId, role.roleName), {
      ...role,
      identityPolicies: policy ? [...role.identityPolicies, policy] : role.identityPolicies,
      opaquePolicies: opaque ? [...role.opaquePolicies, opaque] : role.opaquePolicies,
    });
  };
  const current = (role: IamPrincipal) => iamRoles.get(roleKey(role.accountId, role.roleName))!;
  const attachManaged = (r: Resolved, role: IamPrincipal, arn: string) => {
    const policy = managed.get(arn);
    if (!policy) issues.push({ severity: "warning", stack: r.stack.name, address: r.resource.address, message: `policy ${arn} attached to ${role.roleName} is not in the synth output; not evaluated` });
    attach(current(role), policy, policy ? undefined : arn);
  };
  const roleFromArgument = (r: Resolved, argument: string): IamPrincipal | undefined => {
    const raw = str(r.resource.raw[argument]) ?? "";
    const ref = /^\$\{(aws_iam_role\.[\w-]+)\.(name|id|arn)\}$/.exec(raw);
    const target = ref ? r.stack.byAddress.get(ref[1]) : undefined;
    if (target) {
      const name = resolver.attribute(r.stack, target, "name");
      if (name) return iamRoles.get(roleKey(awsContextOf(r.stack, target).accountId, name));
    }
    const value = str(r.config[argument]);
    if (!value || value.includes("${")) {
      issues.push({ severity: "error", stack: r.stack.name, address: r.resource.address, message: `${argument} "${raw}" cannot be resolved to a role; its policy cannot be evaluated` });
      return undefined;
    }
    const aws = awsContextOf(r.stack, r.resource);
    if (value.startsWith("arn:")) {
      const canonical = canonicalRoleArn(value);
      return ensureRole(canonical.split(":")[4] || aws.accountId, aws.partition, canonical.slice(canonical.lastIndexOf("/") + 1), undefined, value);
    }
    // A role the stack does not create (an existing consumer role): same account as the provider.
    return ensureRole(aws.accountId, aws.partition, value);
  };

  const trusts: RoleTrust[] = [];
  for (const r of ofType("aws_iam_role")) {
    const name = str(r.config.name);
    const aws = awsContextOf(r.stack, r.resource);
    if (!name) {
      issues.push({ severity: "error", stack: r.stack.name, address: r.resource.address, message: "aws_iam_role without a literal name cannot be evaluated" });
      continue;
    }
    if (r.config.assume_role_policy !== undefined) {
      const trust = iamPolicy(r, `trust policy of ${name}`, r.config.assume_role_policy);
      const trusted: { account: string; externalId: boolean }[] = [];
      for (const statement of trust?.statements ?? []) {
        if (statement.effect !== "Allow") continue;
        const externalId = statement.conditions.some((c) => c.key.toLowerCase() === "sts:externalid");
        if (statement.principals?.everyone) trusted.push({ account: "*", externalId });
        for (const principal of statement.principals?.aws ?? []) {
          const account = /^\d{12}$/.test(principal) ? principal : /^arn:[^:]+:(?:iam|sts)::(\d{12}|\*):/.exec(principal)?.[1];
          if (account) trusted.push({ account, externalId });
        }
      }
      trusts.push({ stack: r.stack.name, address: r.resource.address, roleName: name, accountId: aws.accountId, ...(envByStack.get(r.stack.name) ? { environment: envByStack.get(r.stack.name)!.name } : {}), trusted });
    }
    const arn = resolver.attribute(r.stack, r.resource, "arn");
    const role = ensureRole(aws.accountId, aws.partition, name, r, arn, { ...aws.defaultTags, ...tagsOf(r.config.tags) });
    const blocks = Array.isArray(r.config.inline_policy) ? r.config.inline_policy : isObject(r.config.inline_policy) ? [r.config.inline_policy] : [];
    for (const block of blocks.filter(isObject)) {
      if (block.policy !== undefined) attach(current(role), iamPolicy(r, `${name}/${str(block.name) ?? "inline"}`, block.policy));
    }
    for (const arnOfPolicy of strings(r.config.managed_policy_arns)) attachManaged(r, role, arnOfPolicy);
  }
  for (const r of ofType("aws_iam_role_policy")) {
    const role = roleFromArgument(r, "role");
    if (role) attach(current(role), iamPolicy(r, `${role.roleName}/${str(r.config.name) ?? r.resource.name}`, r.config.policy));
  }
  for (const r of ofType("aws_iam_role_policy_attachment")) {
    const role = roleFromArgument(r, "role");
    const arn = str(r.config.policy_arn);
    if (role && arn) attachManaged(r, role, arn);
  }
  for (const r of ofType("aws_iam_role_policy_attachments_exclusive")) {
    const role = roleFromArgument(r, "role_name");
    if (role) for (const arn of strings(r.config.policy_arns)) attachManaged(r, role, arn);
  }
  for (const r of ofType("aws_iam_policy_attachment")) {
    const arn = str(r.config.policy_arn);
    const roles = strings(r.config.roles);
    for (const name of roles) {
      const aws = awsContextOf(r.stack, r.resource);
      if (arn) attachManaged(r, ensureRole(aws.accountId, aws.partition, name), arn);
    }
    if (strings(r.config.users).length > 0 || strings(r.config.groups).length > 0) {
      issues.push({ severity: "error", stack: r.stack.name, address: r.resource.address, message: "attachment to IAM users or groups is not modelled" });
    }
  }

  // KMS keys by ARN and key id; aliases to keys.
  const keys = new Map<string, { arn: string; policy?: IamPolicy }>();
  for (const r of ofType("aws_kms_key")) {
    const arn = resolver.attribute(r.stack, r.resource, "arn")!;
    const entry = { arn, policy: r.config.policy === undefined ? undefined : iamPolicy(r, `key policy ${r.resource.address}`, r.config.policy) };
    keys.set(arn, entry);
    keys.set(resolver.attribute(r.stack, r.resource, "key_id")!, entry);
  }
  for (const r of ofType("aws_kms_key_policy")) {
    const key = keys.get(str(r.config.key_id) ?? "");
    if (!key) {
      issues.push({ severity: "warning", stack: r.stack.name, address: r.resource.address, message: `key ${String(r.config.key_id)} is not in the synth output` });
      continue;
    }
    key.policy = iamPolicy(r, `key policy ${r.resource.address}`, r.config.policy);
  }
  const aliases = new Map<string, string>();
  for (const stack of stacks) {
    for (const resource of stack.resources.filter((x) => x.type === "aws_kms_alias")) {
      const name = resolver.attribute(stack, resource, "name");
      const target = resolver.attribute(stack, resource, "target_key_arn");
      const aws = awsContextOf(stack, resource);
      if (name && target) {
        aliases.set(name, target);
        aliases.set(`arn:${aws.partition}:kms:${aws.region}:${aws.accountId}:${name}`, target);
      }
    }
  }

  // Locations: Secrets Manager secrets and Vault paths found in the synth output...
  const locations = new Map<string, Location>();
  const addLocation = (location: Location) => {
    const previous = locations.get(location.id);
    if (!previous) {
      locations.set(location.id, location);
      return;
    }
    const origin = [...new Set([...previous.origin, ...location.origin])].sort(byText) as Location["origin"];
    locations.set(location.id, { ...previous, ...location, ...definedOnly(previous), origin } as Location);
  };
  const secretsByArn = new Map<string, AwsSecret>();
  for (const r of ofType("aws_secretsmanager_secret")) {
    const name = str(r.config.name);
    const arn = resolver.attribute(r.stack, r.resource, "arn");
    if (!name || !arn) {
      issues.push({ severity: "error", stack: r.stack.name, address: r.resource.address, message: "aws_secretsmanager_secret without a literal name cannot be evaluated" });
      continue;
    }
    const aws = awsContextOf(r.stack, r.resource);
    const kmsRef = str(r.config.kms_key_id);
    const keyArn = kmsRef ? (aliases.get(kmsRef) ?? kmsRef) : undefined;
    const key = keyArn ? keys.get(keyArn) : undefined;
    if (kmsRef && !key) issues.push({ severity: "warning", stack: r.stack.name, address: r.resource.address, message: `key ${kmsRef} is not in the synth output; kms:Decrypt is evaluated without its key policy` });
    const credential = /^[^/]+\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(name);
    secretsByArn.set(arn, {
      store: "aws",
      id: arn,
      name,
      accountId: aws.accountId,
      region: aws.region,
      environment: envByStack.get(r.stack.name)?.name,
      ...(credential ? { credentialId: `${credential[2]}/${credential[3]}`, connectorId: credential[2] } : {}),
      tags: { ...aws.defaultTags, ...tagsOf(r.config.tags) },
      ...(r.config.policy !== undefined ? { resourcePolicy: iamPolicy(r, `resource policy of ${name}`, r.config.policy) } : {}),
      ...(keyArn ? { kmsKeyArn: key?.arn ?? keyArn } : {}),
      ...(key?.policy ? { keyPolicy: key.policy } : {}),
      origin: ["synth"],
      stack: r.stack.name,
      address: r.resource.address,
    });
  }
  for (const r of ofType("aws_secretsmanager_secret_policy")) {
    const arn = str(r.config.secret_arn) ?? "";
    const secret = secretsByArn.get(arn);
    if (!secret) {
      issues.push({ severity: "error", stack: r.stack.name, address: r.resource.address, message: `secret_arn "${arn}" is not a secret of the synth output; the policy cannot be evaluated` });
      continue;
    }
    const policy = iamPolicy(r, `resource policy of ${secret.name}`, r.config.policy);
    if (policy) secretsByArn.set(arn, { ...secret, resourcePolicy: policy });
  }
  for (const secret of secretsByArn.values()) addLocation(secret);

  const vaultLocation = (r: Resolved, path: string, kind: VaultPathKind): VaultLocation => {
    const { cluster, namespace } = vaultAt(r);
    const key = /(?:^|\/)(?:data|metadata)\/connectors\/([^/]+)\/([^/]+)$/.exec(path);
    return {
      store: "vault",
      id: resourceIds.vaultPath(cluster, namespace, path),
      cluster,
      namespace,
      path,
      kind,
      environment: vaultEnvironment(cluster, namespace, path, r.stack.name),
      ...(key ? { credentialId: `${key[1]}/${key[2]}`, connectorId: key[1] } : {}),
      origin: ["synth"],
      address: r.resource.address,
    };
  };
  for (const r of ofType("vault_kv_secret_v2")) {
    const mount = str(r.config.mount);
    const name = str(r.config.name);
    if (!mount || !name) continue;
    addLocation(vaultLocation(r, `${mount}/data/${name}`, "data"));
    addLocation(vaultLocation(r, `${mount}/metadata/${name}`, "metadata"));
  }
  for (const r of [...ofType("vault_generic_endpoint"), ...ofType("vault_generic_secret")]) {
    const path = (str(r.config.path) ?? "").replace(/^\/+/, "");
    if (/^(sys\/(policy|policies|auth|mounts|namespaces)|auth\/|identity\/)/.test(path)) {
      issues.push({ severity: "error", stack: r.stack.name, address: r.resource.address, message: `${r.resource.type} writes "${path}", which configures access; not modelled` });
      continue;
    }
    const metadata = /^(.+)\/metadata\/(.+)$/.exec(path);
    if (metadata) {
      addLocation(vaultLocation(r, path, "metadata"));
      addLocation(vaultLocation(r, `${metadata[1]}/data/${metadata[2]}`, "data"));
    } else if (r.resource.type === "vault_generic_secret") addLocation(vaultLocation(r, path, "data"));
  }

  // ...and every location the intent declares, in every environment.
  for (const env of intent.environments) {
    for (const credential of env.credentials) {
      for (const location of credential.locations) {
        const common = { environment: env.name, credentialId: credential.id, connectorId: credential.connectorId, origin: ["intent"] as const };
        if (location.store === "vault") {
          addLocation({ store: "vault", id: location.resource, cluster: location.cluster, namespace: location.namespace, path: location.path, kind: location.kind, ...common });
        } else {
          addLocation({ store: "aws", id: location.resource, name: location.secretName, accountId: location.accountId, region: location.region, tags: {}, ...common });
        }
      }
    }
  }

  // Principals a secret's resource policy names: they may need no identity policy at all.
  for (const location of locations.values()) {
    if (location.store !== "aws" || !location.resourcePolicy) continue;
    for (const statement of location.resourcePolicy.statements) {
      for (const arn of statement.principals?.aws ?? []) {
        const canonical = canonicalRoleArn(arn);
        const match = /^arn:([^:]+):iam::(\d+):role\/(.+)$/.exec(canonical);
        if (match) ensureRole(match[2], match[1], match[3], undefined, arn);
      }
    }
  }
  for (const role of iamRoles.values()) principals.set(role.id, role);
  if ([...locations.values()].some((l) => l.store === "aws")) {
    principals.set(OUTSIDER_ARN, {
      kind: "iam",
      id: OUTSIDER_ARN,
      arn: OUTSIDER_ARN,
      accountId: OUTSIDER_ARN.split(":")[4],
      roleName: OUTSIDER_ARN.slice(OUTSIDER_ARN.lastIndexOf("/") + 1),
      tags: {},
      identityPolicies: [{ name: "outsider grants itself everything", statements: [{ index: 0, effect: "Allow", actions: ["*"], resources: ["*"], conditions: [] }] }],
      opaquePolicies: [],
      outsider: true,
    });
  }

  for (const opaque of resolver.opaque) {
    if (/^(var|data)\./.test(opaque.expression) || opaque.expression.includes("(")) continue;
    issues.push({ severity: "warning", stack: opaque.stack, message: `reference \${${opaque.expression}} could not be resolved; left as is` });
  }

  return {
    dir: synth.dir,
    intent,
    stacks,
    principals: [...principals.values()].sort((a, b) => byText(a.id, b.id)),
    locations: [...locations.values()].sort((a, b) => byText(a.id, b.id)),
    issues: dedupeIssues(issues),
    objects: serverObjectsOf(synth),
    trusts,
    ignoredStacks: synth.ignored ?? [],
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function dedupeIssues(issues: readonly ModelIssue[]): ModelIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.severity}|${issue.stack}|${issue.address}|${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

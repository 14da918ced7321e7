/*
 * The server-side identity of every object a synth output writes: for Vault the cluster (address
 * normalized), the namespace (provider namespace joined with the resource's `namespace`) and the
 * API path; for AWS the account (provider), the region where the service is regional, the service
 * and the name as AWS compares it. Two entries with one `key` are one object on the server.
 *
 * Re-derived from the synthesized JSON alone, never from the library's naming helpers, so that it
 * can serve as an independent oracle (simulate, property tests).
 */
import { indexStack, ReferenceResolver, type StackIndex, type StackResource } from "../access-model/references";
import { readSynthDir, type StackFile, type SynthDir } from "../access-model/synth-dir";
import { AWS_OBJECT_NAMES } from "./aws-object-names";
import { accountOfProvider, joinVaultPath, vaultClusterIdentity } from "./cluster-identity";
import { resourceNamespace, VAULT_OBJECT_PATHS } from "./vault-object-paths";

export interface VaultIdentity {
  readonly cluster: string;
  /** "" for the root namespace. */
  readonly namespace: string;
  /** The namespace of the stack's provider (the resource's own `namespace` argument is relative to it). */
  readonly home: string;
  /** API path inside the namespace. */
  readonly path: string;
  /** Routed path the object owns or sits at, from the root namespace (`<namespace>/<path>`). */
  readonly reach: string;
}

export interface AwsIdentity {
  /** "" for S3 buckets (global across accounts). */
  readonly accountId: string;
  /** "" for global services (IAM, S3, dashboards). */
  readonly region: string;
  readonly service: string;
  readonly name: string;
}

export interface ServerObject {
  readonly stack: string;
  /** Terraform address, `type.name`. */
  readonly address: string;
  readonly type: string;
  readonly store: "vault" | "aws";
  /** Equal keys: one object on the server. */
  readonly key: string;
  /** The environment whose stack writes it (shared cluster and account stacks: none). */
  readonly environment?: string;
  readonly vault?: VaultIdentity;
  readonly aws?: AwsIdentity;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

interface Providers {
  readonly vault: Map<string, { cluster: string; namespace: string }>;
  readonly aws: Map<string, { accountId: string; region: string }>;
}

function providersOf(json: Readonly<Record<string, unknown>>): Providers {
  const vault = new Map<string, { cluster: string; namespace: string }>();
  const aws = new Map<string, { accountId: string; region: string }>();
  const block = isObject(json.provider) ? json.provider : {};
  const list = (type: string) => {
    const raw = block[type];
    return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(isObject);
  };
  for (const config of list("vault")) {
    const key = typeof config.alias === "string" ? `vault.${config.alias}` : "vault";
    vault.set(key, {
      cluster: vaultClusterIdentity(typeof config.address === "string" ? config.address : "unknown-vault"),
      namespace: joinVaultPath(typeof config.namespace === "string" ? config.namespace : ""),
    });
  }
  for (const config of list("aws")) {
    const key = typeof config.alias === "string" ? `aws.${config.alias}` : "aws";
    aws.set(key, {
      accountId: accountOfProvider(config) ?? "unknown-account",
      region: typeof config.region === "string" ? config.region : "unknown-region",
    });
  }
  return { vault, aws };
}

function providerOf<T>(map: Map<string, T>, resource: StackResource, type: string): T | undefined {
  const key = typeof resource.raw.provider === "string" ? resource.raw.provider : type;
  return map.get(key) ?? map.get(type);
}

/** Every object the stacks write, in stack and address order. */
export function serverObjectsOfStacks(
  files: readonly StackFile[],
  environmentOfStack: (stack: string) => string | undefined = () => undefined,
): ServerObject[] {
  const stacks: StackIndex[] = files.map(indexStack);
  const resolver = new ReferenceResolver(stacks);
  const objects: ServerObject[] = [];
  for (const [i, stack] of stacks.entries()) {
    const providers = providersOf(files[i].json);
    const environment = environmentOfStack(stack.name);
    for (const resource of stack.resources) {
      const at = { stack: stack.name, address: resource.address, type: resource.type, ...(environment ? { environment } : {}) };
      const vaultPath = VAULT_OBJECT_PATHS[resource.type];
      const awsName = AWS_OBJECT_NAMES[resource.type];
      if (!vaultPath && !awsName) continue;
      const config = resolver.config(stack, resource);
      if (vaultPath) {
        const found = vaultPath(config);
        if (!found) continue;
        const provider = providerOf(providers.vault, resource, "vault");
        const cluster = provider?.cluster ?? "unknown-vault";
        const namespace = joinVaultPath(provider?.namespace, resourceNamespace(config));
        const path = joinVaultPath(found.path);
        const reach = joinVaultPath(namespace, found.occupies ?? path);
        // Mounts and namespaces are one object per routed path (a root mount `etl/prod/kv` and the
        // mount `kv` of namespace `etl/prod` take the same place); everything else per namespace and path.
        const key = found.occupies !== undefined ? `vault:${cluster}/route:${reach}` : `vault:${cluster}/${joinVaultPath(namespace, path)}`;
        objects.push({ ...at, store: "vault", key, vault: { cluster, namespace, home: provider?.namespace ?? "", path, reach } });
      } else if (awsName) {
        const found = awsName(config);
        if (!found) continue;
        const provider = providerOf(providers.aws, resource, "aws");
        const accountId = found.noAccount ? "" : (provider?.accountId ?? "unknown-account");
        const region = found.global ? "" : typeof config.region === "string" ? config.region : (provider?.region ?? "unknown-region");
        const key = `aws:${accountId}:${region}:${found.service}:${found.name}`;
        objects.push({ ...at, store: "aws", key, aws: { accountId, region, service: found.service, name: found.name } });
      }
    }
  }
  return objects;
}

/**
 * The same from parsed stacks (`{ <stack>: <cdk.tf.json> }`), e.g. for a property test's naming
 * oracle; `environments` maps a stack to its environment when known.
 */
export function serverObjectsOfJson(
  stacks: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  environments: Readonly<Record<string, string>> = {},
): ServerObject[] {
  const files = Object.keys(stacks)
    .sort()
    .map((name) => ({ name, file: `stacks/${name}/cdk.tf.json`, json: stacks[name] }));
  return serverObjectsOfStacks(files, (stack) => environments[stack]);
}

/** Every object a synth output writes, with the environment of each environment stack (from the intent). */
export function serverObjectsOf(synth: SynthDir): ServerObject[] {
  const byStack = new Map(synth.intent.environments.map((env) => [env.stack, env.name]));
  return serverObjectsOfStacks(synth.stacks, (stack) => byStack.get(stack));
}

/** The same, from a synth directory (`<dir>/stacks/*\/cdk.tf.json`; see readSynthDir). */
export function serverObjectsOfDir(dir: string): ServerObject[] {
  return serverObjectsOf(readSynthDir(dir));
}

/** Keys written by more than one resource, with their writers. */
export function collidingObjects(objects: readonly ServerObject[]): Map<string, ServerObject[]> {
  const byKey = new Map<string, ServerObject[]>();
  for (const object of objects) {
    const list = byKey.get(object.key);
    if (list) list.push(object);
    else byKey.set(object.key, [object]);
  }
  for (const [key, list] of byKey) if (list.length < 2) byKey.delete(key);
  return byKey;
}

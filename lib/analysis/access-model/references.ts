/*
 * Resolves the references cdktf leaves in the JSON (`${aws_iam_role.x.arn}`, `${vault_mount.kv.path}`)
 * to the values they will have, within a stack, and across stacks through cdktf's cross-stack
 * outputs. ARNs that exist only after apply are computed the way AWS forms them, from the stack's
 * provider (region, allowed_account_ids), with fixed synthetic parts where AWS adds random ones.
 * `${var.x}`, other data sources and functions stay as they are and are reported as opaque.
 */
import { partitionOf, syntheticSecretArn } from "../../intent/ids";
import type { StackFile } from "./synth-dir";

export interface StackResource {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  /** `type.name` */
  readonly address: string;
  /** cdktf's construct path (`prod/vault/consumer-x/approle`), or the address when absent. */
  readonly constructPath: string;
  /** Arguments as written (references unresolved), without cdktf's `//` metadata. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface AwsContext {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly defaultTags: Readonly<Record<string, string>>;
}

export interface VaultContext {
  readonly address: string;
  readonly namespace: string;
}

export interface StackIndex {
  readonly name: string;
  readonly file: string;
  readonly resources: readonly StackResource[];
  readonly byAddress: ReadonlyMap<string, StackResource>;
  /** Provider configurations by `type` or `type.alias`. */
  readonly aws: ReadonlyMap<string, AwsContext>;
  readonly vault: ReadonlyMap<string, VaultContext>;
  /** Output name -> value as written. */
  readonly outputs: ReadonlyMap<string, unknown>;
}

export const UNKNOWN_ACCOUNT = "000000000000";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function providerConfigs(json: Readonly<Record<string, unknown>>, type: string): [string, Record<string, unknown>][] {
  const providers = isObject(json.provider) ? json.provider : {};
  const raw = providers[type];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter(isObject).map((config) => [typeof config.alias === "string" ? `${type}.${config.alias}` : type, config]);
}

export function indexStack(stack: StackFile): StackIndex {
  const resources: StackResource[] = [];
  const byType = isObject(stack.json.resource) ? stack.json.resource : {};
  for (const type of Object.keys(byType).sort()) {
    const entries = isObject(byType[type]) ? (byType[type] as Record<string, unknown>) : {};
    for (const name of Object.keys(entries).sort()) {
      const body = isObject(entries[name]) ? (entries[name] as Record<string, unknown>) : {};
      const { "//": meta, ...raw } = body;
      const path =
        isObject(meta) && isObject(meta.metadata) && typeof meta.metadata.path === "string" ? meta.metadata.path : `${type}.${name}`;
      resources.push({ stack: stack.name, type, name, address: `${type}.${name}`, constructPath: path, raw });
    }
  }
  const aws = new Map<string, AwsContext>();
  for (const [key, config] of providerConfigs(stack.json, "aws")) {
    const region = typeof config.region === "string" ? config.region : "us-east-1";
    const accounts = Array.isArray(config.allowed_account_ids)
      ? config.allowed_account_ids.filter((a): a is string => typeof a === "string")
      : [];
    const defaultTags =
      Array.isArray(config.default_tags) && isObject(config.default_tags[0]) && isObject(config.default_tags[0].tags)
        ? (config.default_tags[0].tags as Record<string, string>)
        : {};
    aws.set(key, { accountId: accounts[0] ?? UNKNOWN_ACCOUNT, region, partition: partitionOf(region), defaultTags });
  }
  const vault = new Map<string, VaultContext>();
  for (const [key, config] of providerConfigs(stack.json, "vault")) {
    vault.set(key, {
      address: typeof config.address === "string" ? config.address : "",
      namespace: typeof config.namespace === "string" ? config.namespace : "",
    });
  }
  const outputs = new Map<string, unknown>();
  const outputBlock = isObject(stack.json.output) ? stack.json.output : {};
  for (const [name, output] of Object.entries(outputBlock)) if (isObject(output)) outputs.set(name, output.value);
  return { name: stack.name, file: stack.file, resources, byAddress: new Map(resources.map((r) => [r.address, r])), aws, vault, outputs };
}

/** The provider configuration a resource uses (`provider = "aws.alias"` or the default). */
export function providerKey(resource: StackResource, type: "aws" | "vault"): string {
  return typeof resource.raw.provider === "string" ? resource.raw.provider : type;
}

export function awsContextOf(stack: StackIndex, resource?: StackResource): AwsContext {
  const key = resource ? providerKey(resource, "aws") : "aws";
  const context = stack.aws.get(key) ?? stack.aws.get("aws");
  const region = resource && typeof resource.raw.region === "string" ? resource.raw.region : undefined;
  const base = context ?? { accountId: UNKNOWN_ACCOUNT, region: "us-east-1", partition: "aws", defaultTags: {} };
  return region ? { ...base, region, partition: partitionOf(region) } : base;
}

/** FNV-1a: a stable synthetic id from a resource address. */
function stableHex(text: string, length: number): string {
  let out = "";
  let seed = 0x811c9dc5;
  while (out.length < length) {
    let hash = seed;
    for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    out += hash.toString(16).padStart(8, "0");
    seed = (seed + 0x9e3779b9) >>> 0;
  }
  return out.slice(0, length);
}

/** A synthetic KMS key id (UUID-shaped) derived from the key's stack and address. */
export function syntheticKeyId(stack: string, address: string): string {
  const hex = stableHex(`${stack}/${address}`, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface Opaque {
  readonly stack: string;
  readonly expression: string;
}

/**
 * Resolves references across every stack of a synth directory. Values are computed lazily and
 * cached; a cycle or an unknown attribute leaves the expression as it is.
 */
export class ReferenceResolver {
  private readonly outputs = new Map<string, { stack: StackIndex; value: unknown }>();
  private readonly resolving = new Set<string>();
  /** Resolved attributes and outputs by key, each computed once (every secret names its KMS key's ARN). */
  private readonly known = new Map<string, string | undefined>();
  /** Cycles cut so far: a value computed while one was cut is not kept (see guard). */
  private cycleCuts = 0;
  /** Expressions that could not be resolved, in order of discovery. */
  readonly opaque: Opaque[] = [];

  constructor(stacks: readonly StackIndex[]) {
    for (const stack of stacks) for (const [name, value] of stack.outputs) this.outputs.set(name, { stack, value });
  }

  /** A resource's arguments with every resolvable reference replaced. */
  config(stack: StackIndex, resource: StackResource): Record<string, unknown> {
    return this.deep(stack, resource.raw) as Record<string, unknown>;
  }

  /** One value (string, list, object) with references resolved. */
  deep(stack: StackIndex, value: unknown): unknown {
    if (typeof value === "string") return this.text(stack, value);
    if (Array.isArray(value)) return value.map((item) => this.deep(stack, item));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.deep(stack, v)]));
    return value;
  }

  /** Resolves `${...}` in a string; `$${` (Terraform's escape, e.g. IAM policy variables) becomes `${`. */
  text(stack: StackIndex, text: string): string {
    if (!text.includes("${")) return text;
    let out = "";
    let i = 0;
    while (i < text.length) {
      // Only a `$` starts an escape or an expression: copy the text up to the next one at once
      // (IAM policy texts are long; copying them a character at a time was hot in the review profile).
      const dollar = text.indexOf("$", i);
      if (dollar < 0) {
        out += text.slice(i);
        break;
      }
      out += text.slice(i, dollar);
      i = dollar;
      if (text.startsWith("$${", i)) {
        out += "${";
        i += 3;
        continue;
      }
      if (text.startsWith("${", i)) {
        const end = matchingBrace(text, i + 1);
        if (end < 0) {
          out += text.slice(i);
          break;
        }
        const expression = text.slice(i + 2, end).trim();
        const value = this.expression(stack, expression);
        if (value === undefined) {
          this.opaque.push({ stack: stack.name, expression });
          out += `\${${expression}}`;
        } else out += value;
        i = end + 1;
        continue;
      }
      out += text[i];
      i += 1;
    }
    return out;
  }

  private expression(stack: StackIndex, expression: string): string | undefined {
    const remote = /^data\.terraform_remote_state\.[\w-]+\.outputs\.([\w-]+)$/.exec(expression);
    if (remote) {
      const output = this.outputs.get(remote[1]);
      if (!output || typeof output.value !== "string") return undefined;
      return this.guard(`output:${remote[1]}`, () => this.plain(this.text(output.stack, output.value as string)));
    }
    const match = /^([a-z][a-z0-9_]*)\.([\w-]+)\.([a-z_]+)$/.exec(expression);
    if (!match || match[1] === "data" || match[1] === "var" || match[1] === "local") return undefined;
    const resource = stack.byAddress.get(`${match[1]}.${match[2]}`);
    if (!resource) return undefined;
    return this.guard(`${stack.name}/${resource.address}.${match[3]}`, () => this.attribute(stack, resource, match[3]));
  }

  private guard(key: string, compute: () => string | undefined): string | undefined {
    if (this.known.has(key)) return this.known.get(key);
    if (this.resolving.has(key)) {
      this.cycleCuts += 1;
      return undefined;
    }
    const cutsBefore = this.cycleCuts;
    this.resolving.add(key);
    try {
      const value = compute();
      // Computed without cutting a cycle, the value is the same wherever it is asked for: kept. One
      // computed with a cut is not kept: today a cut leaves its whole cycle unresolved either way,
      // but a value that could survive an unresolved part would depend on where the cycle was entered.
      if (this.cycleCuts === cutsBefore) this.known.set(key, value);
      return value;
    } finally {
      this.resolving.delete(key);
    }
  }

  /** A value is usable only when nothing in it is left unresolved. */
  private plain(value: string | undefined): string | undefined {
    return value !== undefined && !/(^|[^$])\$\{/.test(value) ? value : undefined;
  }

  private argument(stack: StackIndex, resource: StackResource, name: string): string | undefined {
    const value = resource.raw[name];
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (typeof value !== "string") return undefined;
    return this.plain(this.text(stack, value));
  }

  /** The value an attribute of a resource will have. */
  // long-function: a table of Terraform's computed attribute formats, one case per resource type (ARNs, ids, names), read as a table
  attribute(stack: StackIndex, resource: StackResource, attribute: string): string | undefined {
    const arg = (name: string) => this.argument(stack, resource, name);
    const aws = () => awsContextOf(stack, resource);
    const iamPath = () => {
      const path = arg("path") ?? "/";
      return path.endsWith("/") ? path : `${path}/`;
    };
    switch (resource.type) {
      case "aws_iam_role": {
        const name = arg("name");
        if (attribute === "name" || attribute === "id") return name;
        if (attribute === "arn" && name) return `arn:${aws().partition}:iam::${aws().accountId}:role${iamPath()}${name}`;
        break;
      }
      case "aws_iam_policy": {
        const name = arg("name");
        const arn = name && `arn:${aws().partition}:iam::${aws().accountId}:policy${iamPath()}${name}`;
        if (attribute === "arn" || attribute === "id") return arn;
        if (attribute === "name") return name;
        break;
      }
      case "aws_secretsmanager_secret": {
        const name = arg("name");
        const arn = name && syntheticSecretArn(aws().partition, aws().region, aws().accountId, name);
        if (attribute === "arn" || attribute === "id") return arn;
        if (attribute === "name") return name;
        break;
      }
      case "aws_kms_key": {
        const keyId = syntheticKeyId(stack.name, resource.address);
        if (attribute === "key_id" || attribute === "id") return keyId;
        if (attribute === "arn") return `arn:${aws().partition}:kms:${aws().region}:${aws().accountId}:key/${keyId}`;
        break;
      }
      case "aws_kms_alias": {
        const name = arg("name");
        if (attribute === "name" || attribute === "id") return name;
        if (attribute === "arn" && name) return `arn:${aws().partition}:kms:${aws().region}:${aws().accountId}:${name}`;
        if (attribute === "target_key_arn" || attribute === "target_key_id") {
          const target = arg("target_key_id");
          if (!target) return undefined;
          if (attribute === "target_key_id") return target;
          return target.startsWith("arn:") ? target : `arn:${aws().partition}:kms:${aws().region}:${aws().accountId}:key/${target}`;
        }
        break;
      }
      case "aws_lambda_function": {
        const name = arg("function_name");
        if (attribute === "function_name" || attribute === "id") return name;
        if ((attribute === "arn" || attribute === "qualified_arn") && name)
          return `arn:${aws().partition}:lambda:${aws().region}:${aws().accountId}:function:${name}`;
        break;
      }
      case "aws_sqs_queue":
        if (attribute === "arn" && arg("name")) return `arn:${aws().partition}:sqs:${aws().region}:${aws().accountId}:${arg("name")}`;
        break;
      case "aws_sns_topic":
        if ((attribute === "arn" || attribute === "id") && arg("name"))
          return `arn:${aws().partition}:sns:${aws().region}:${aws().accountId}:${arg("name")}`;
        break;
      case "aws_cloudwatch_log_group":
        if (attribute === "arn" && arg("name"))
          return `arn:${aws().partition}:logs:${aws().region}:${aws().accountId}:log-group:${arg("name")}`;
        break;
      case "aws_cloudtrail":
        if (attribute === "arn" && arg("name"))
          return `arn:${aws().partition}:cloudtrail:${aws().region}:${aws().accountId}:trail/${arg("name")}`;
        break;
      case "aws_s3_bucket":
        if (attribute === "arn" && arg("bucket")) return `arn:${aws().partition}:s3:::${arg("bucket")}`;
        if (attribute === "id" || attribute === "bucket") return arg("bucket");
        break;
      case "aws_iam_openid_connect_provider": {
        const url = arg("url");
        if ((attribute === "arn" || attribute === "id") && url)
          return `arn:${aws().partition}:iam::${aws().accountId}:oidc-provider/${url.replace(/^https:\/\//, "")}`;
        break;
      }
      case "vault_namespace":
        if (attribute === "path_fq") return [arg("namespace"), arg("path")].filter((p) => p).join("/");
        if (attribute === "id") return arg("path");
        break;
      case "vault_policy":
        if (attribute === "id") return arg("name");
        break;
      case "vault_mount":
      case "vault_auth_backend":
      case "vault_jwt_auth_backend":
        if (attribute === "id") return arg("path");
        if (attribute === "path" && resource.type !== "vault_mount")
          return arg("path") ?? (resource.type === "vault_jwt_auth_backend" ? "jwt" : arg("type"));
        break;
      case "vault_identity_group":
        if (attribute === "name") return arg("name");
        break;
      default:
        break;
    }
    // Generic: an attribute that is also a literal argument has the argument's value.
    return arg(attribute);
  }
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

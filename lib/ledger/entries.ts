/*
 * The ledger's entries, read from a synth directory: one per Terraform address, with the service-side
 * identity of the object it writes (scope, kind, name) where the resource names one. Pure: reads the
 * parsed JSON only, and never the plan or the naming helpers that produced it.
 */
import type { SynthDir, StackFile } from "../analysis/access-model/synth-dir";
import { formatOwner, ownerResolver, type LedgerOwner } from "./attribution";
import { IDENTITY_RULES, type IdentityRule } from "./identity-attributes";
import { byText } from "../shared/text-order";

export type StackTier = "production" | "non-production";

export interface LedgerEntry {
  readonly stack: string;
  /** `<type>.<name>` inside the stack. */
  readonly address: string;
  /** `<scope> <kind> <name parts>`; "-" when the resource names no object of its own. */
  readonly identity: string;
  /**
   * Who the object belongs to (`-`, `<env>` or `<env>:<connector>/<credential>`, see attribution.ts);
   * undefined in a ledger of format 1.
   */
  readonly owner?: string;
}

export interface Ledger {
  /** Tier of every stack; a cluster or account stack is production when any production environment uses it. */
  readonly stacks: ReadonlyMap<string, StackTier>;
  /** Sorted by stack, then address. */
  readonly entries: readonly LedgerEntry[];
  /**
   * Objects a retirement made Terraform forget (a `removed` block, `destroy = false`): they still
   * exist, so every later synth keeps their `removed` blocks while the retirement stays. Sorted.
   */
  readonly forgotten?: readonly LedgerEntry[];
}

export class LedgerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LedgerError";
  }
}

export function ledgerOfSynth(synth: SynthDir): Ledger {
  const production = new Set<string>();
  for (const env of synth.intent.environments) {
    if (!env.production) continue;
    production.add(env.stack);
    if (env.vault?.clusterStack) production.add(env.vault.clusterStack);
    if (env.aws?.accountStack) production.add(env.aws.accountStack);
  }
  const stacks = new Map<string, StackTier>();
  const entries: LedgerEntry[] = [];
  for (const stack of synth.stacks) {
    stacks.set(stack.name, production.has(stack.name) ? "production" : "non-production");
    entries.push(...stackEntries(stack, ownerResolver(synth.intent, stack.name)));
  }
  entries.sort((a, b) => byText(a.stack, b.stack) || byText(a.address, b.address));
  return { stacks, entries };
}

type Body = Readonly<Record<string, unknown>>;

function stackEntries(stack: StackFile, ownerOf: (constructPath: string | undefined) => LedgerOwner): LedgerEntry[] {
  const resources = (stack.json.resource ?? {}) as Record<string, Record<string, Body>>;
  const scope = stackScope(stack);
  const entries: LedgerEntry[] = [];
  for (const type of Object.keys(resources)) {
    const rule = IDENTITY_RULES[type];
    if (!rule) {
      throw new LedgerError(
        `${stack.file}: resource type ${type} has no ledger identity rule; add it to lib/ledger/identity-attributes.ts`,
      );
    }
    for (const [name, body] of Object.entries(resources[type])) {
      entries.push({
        stack: stack.name,
        address: `${type}.${name}`,
        identity: identityOf(rule, body, resources, scope),
        owner: formatOwner(ownerOf(constructPathOf(body))),
      });
    }
  }
  return entries;
}

interface StackScope {
  readonly vault?: string;
  readonly account?: string;
  readonly region?: string;
}

function stackScope(stack: StackFile): StackScope {
  const providers = (stack.json.provider ?? {}) as Record<string, Body[]>;
  const vaultProvider = providers.vault?.[0];
  const awsProvider = providers.aws?.[0];
  const accounts = awsProvider?.allowed_account_ids;
  return {
    vault: vaultProvider ? vaultScope(String(vaultProvider.address), vaultProvider.namespace) : undefined,
    account: Array.isArray(accounts) && accounts.length === 1 ? String(accounts[0]) : undefined,
    region: typeof awsProvider?.region === "string" ? awsProvider.region : undefined,
  };
}

/** `vault://<host>[:port]/<namespace>`: the host lower-cased, the scheme's and Vault's default ports dropped. */
function vaultScope(address: string, namespace: unknown): string {
  const url = new URL(address);
  const port = url.port && url.port !== "8200" ? `:${url.port}` : "";
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const ns = typeof namespace === "string" ? trimSlashes(namespace) : "";
  return `vault://${host}${port}${ns ? `/${ns}` : ""}`;
}

function identityOf(rule: IdentityRule, body: Body, resources: Record<string, Record<string, Body>>, scope: StackScope): string {
  return [scopeOf(rule, body, scope), rule.kind, ...nameParts(rule, body, resources, 0)].join(" ");
}

function nameParts(rule: IdentityRule, body: Body, resources: Record<string, Record<string, Body>>, depth: number): string[] {
  return rule.attributes.map((attribute) => valueText(resolve(body[attribute] ?? rule.defaults?.[attribute], resources, depth)));
}

function scopeOf(rule: IdentityRule, body: Body, scope: StackScope): string {
  let where: string;
  if (rule.service === "vault") {
    const ns = typeof body.namespace === "string" ? trimSlashes(body.namespace) : "";
    where = `${scope.vault ?? "vault://?"}${ns ? `/${ns}` : ""}`;
  } else if (rule.scope === "global") {
    where = "aws://global";
  } else if (rule.scope === "account") {
    where = `aws://${scope.account ?? "?"}`;
  } else {
    where = `aws://${scope.account ?? "?"}/${scope.region ?? "?"}`;
  }
  return where;
}

/**
 * A reference to another resource of the stack (`${type.name.attr}`) reads as what it names: the
 * literal attribute when there is one (`${vault_mount.x.path}` -> `kv`), otherwise the target's own
 * kind and name in brackets (`${aws_secretsmanager_secret.x.arn}` -> `[secret acme/prod/c/main]`).
 */
function resolve(value: unknown, resources: Record<string, Record<string, Body>>, depth: number): unknown {
  if (typeof value !== "string" || depth > 4) return value;
  const match = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/.exec(value);
  if (!match) return value;
  const [, type, name, attribute] = match;
  const target = resources[type]?.[name];
  const rule = IDENTITY_RULES[type];
  if (!target || !rule) return value;
  const literal = target[attribute] ?? (attribute === "id" && rule.idAttribute ? target[rule.idAttribute] : undefined);
  if (literal !== undefined) return resolve(literal, resources, depth + 1);
  return `[${[rule.kind, ...nameParts(rule, target, resources, depth + 1)].join(" ")}]`;
}

function valueText(value: unknown): string {
  if (value === undefined || value === null) return "~";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  // One entry per line, fields split on tabs: keep both out of the text.
  return text.replace(/[\t\n\r\\]/g, (c) => (c === "\t" ? "\\t" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\\\"));
}

function constructPathOf(body: Body): string | undefined {
  const meta = (body["//"] as { metadata?: { path?: unknown } } | undefined)?.metadata;
  return typeof meta?.path === "string" ? meta.path : undefined;
}

/** Entries in ledger order: by stack, then address. */
export function sortEntries(entries: readonly LedgerEntry[]): LedgerEntry[] {
  return [...entries].sort((a, b) => byText(a.stack, b.stack) || byText(a.address, b.address));
}

function trimSlashes(text: string): string {
  return text.replace(/^\/+|\/+$/g, "");
}

/*
 * What the Vault rules read from a synthesized stack: its Vault policies, and the descriptions the
 * Vault constructs leave as Terraform locals (environment boundary, cluster editions and isolation).
 * Shared by the vault-* rules; each rule stays in its own file.
 */
import type { SynthResource, SynthStack } from "../types";

export interface EnvironmentDescription {
  readonly environment: string;
  readonly production: boolean;
  readonly isolation: "namespace" | "mount";
  readonly boundary?: string;
  readonly secret_mounts: readonly string[];
  readonly auth_mounts: readonly string[];
  /** Trusted orchestrators' policies, each with the AppRole roles it may mint for (absent: none). */
  readonly orchestrators?: Readonly<Record<string, readonly string[]>>;
}

export interface ClusterDescription {
  readonly address: string;
  readonly edition: string;
  readonly production: boolean;
  readonly environments: Readonly<Record<string, { readonly isolation: string; readonly boundary: string }>>;
  readonly audit_devices: readonly {
    readonly type: string;
    readonly path: string;
    readonly log_raw: string;
    readonly declared_in: string;
  }[];
}

function local<T>(stack: SynthStack, name: string): T | undefined {
  const locals = stack.json.locals as Record<string, unknown> | undefined;
  const value = locals?.[name];
  return value && typeof value === "object" ? (value as T) : undefined;
}

export function environmentDescription(stack: SynthStack): EnvironmentDescription | undefined {
  return local<EnvironmentDescription>(stack, "etl_vault_environment");
}

export function clusterDescription(stack: SynthStack): ClusterDescription | undefined {
  return local<ClusterDescription>(stack, "etl_vault_cluster");
}

export function resourcesOfType(stack: SynthStack, ...types: string[]): SynthResource[] {
  return stack.resources.filter((r) => types.includes(r.type));
}

export function policyText(resource: SynthResource): string | undefined {
  const text = resource.config.policy;
  return typeof text === "string" ? text : undefined;
}

export function preventsDestroy(resource: SynthResource): boolean {
  const lifecycle = resource.config.lifecycle as { prevent_destroy?: unknown } | undefined;
  return lifecycle?.prevent_destroy === true;
}

/** A Terraform reference `${type.name.attr}` to a resource, or undefined. */
export function referencedAddress(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(value);
  return match?.[1];
}

/**
 * The auditor's metadata-only shapes (`etl-secrets audit`), accepted in the `<env>-auditor` policy
 * only and only on the environment's own mounts: the one place a generated policy may hold a
 * pattern (ETL-VAULT-006) or an `auth/` path (ETL-VAULT-003). Restated here, independently of the
 * builder (lib/policy/vault/auditor-policy.ts), so the check stays an oracle: KV metadata read and
 * list, role listings, one-segment role and static-role definitions, secret-id accessor listing
 * and lookup. Never `data/`, `creds/`, `static-creds/`, `role-id` or secret-id creation.
 */
export function isAuditorMetadataRule(
  description: EnvironmentDescription | undefined,
  policyName: string,
  rule: { readonly path: string; readonly capabilities: readonly string[] },
): boolean {
  if (!description || policyName.toLowerCase() !== `${description.environment}-auditor`.toLowerCase()) return false;
  const { path, capabilities } = rule;
  const only = (...allowed: string[]) => capabilities.length > 0 && capabilities.every((c) => allowed.includes(c));
  for (const mount of description.secret_mounts) {
    if (path === `${mount}/metadata/*`) return only("read", "list");
    if (path === `${mount}/roles` || path === `${mount}/static-roles`) return only("list");
    if (path === `${mount}/static-roles/+`) return only("read");
  }
  for (const mount of description.auth_mounts) {
    if (path === `auth/${mount}/role`) return only("list");
    if (path === `auth/${mount}/role/+`) return only("read");
    if (path === `auth/${mount}/role/+/secret-id/`) return only("list");
    if (path === `auth/${mount}/role/+/secret-id-accessor/lookup`) return only("update");
  }
  return false;
}

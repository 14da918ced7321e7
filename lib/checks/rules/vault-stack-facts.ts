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
}

export interface ClusterDescription {
  readonly address: string;
  readonly edition: string;
  readonly production: boolean;
  readonly environments: Readonly<Record<string, { readonly isolation: string; readonly boundary: string }>>;
  readonly audit_devices: readonly { readonly type: string; readonly path: string; readonly log_raw: string; readonly declared_in: string }[];
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

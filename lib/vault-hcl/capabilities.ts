/**
 * Vault policy capabilities (Vault's policies documentation; OpenBao adds `scan`).
 *
 * `Capability` is what a request needs; `PolicyCapability` is what a policy may list, which adds
 * `deny`: it is never requested, it only takes every other capability away.
 */
export const REQUEST_CAPABILITIES = ["create", "read", "update", "patch", "delete", "list", "sudo", "subscribe", "scan"] as const;

export type Capability = (typeof REQUEST_CAPABILITIES)[number];

export type PolicyCapability = Capability | "deny";

export const POLICY_CAPABILITIES: readonly PolicyCapability[] = [...REQUEST_CAPABILITIES, "deny"];

export function isPolicyCapability(value: string): value is PolicyCapability {
  return (POLICY_CAPABILITIES as readonly string[]).includes(value);
}

/**
 * The shape of one catalogue entry: declared apart from identity-catalogue.ts so the per-concern
 * entry builders in this folder, which the catalogue imports, need no import of the catalogue back.
 */
/** Which spec key a name comes from; validation turns it into a spec path. */
export type IdentityOrigin =
  | { readonly kind: "organization" }
  | { readonly kind: "environment"; readonly environment: string; readonly field?: readonly string[] }
  | { readonly kind: "account"; readonly accountId: string }
  | { readonly kind: "cluster"; readonly cluster: string }
  | { readonly kind: "connector"; readonly connector: string; readonly field?: readonly string[] }
  | { readonly kind: "credential"; readonly connector: string; readonly credential: string; readonly field?: readonly string[] }
  | { readonly kind: "consumer"; readonly connector: string; readonly consumer: string; readonly field?: readonly string[] }
  | { readonly kind: "orchestrator"; readonly orchestrator: string; readonly field?: readonly string[] };

export interface IdentityEntry {
  /** What the name is, in words: `Vault database role`, `IAM role`. */
  readonly what: string;
  /** Where the service keeps names apart (machine key): names collide only within one scope. */
  readonly scope: string;
  /** The same scope in words: `on the Vault cluster of environment dev, root namespace`. */
  readonly where: string;
  /** The name as the service compares it (IAM and Vault policy names case-insensitively). */
  readonly key: string;
  /** The name as created. */
  readonly name: string;
  /** The spec keys it comes from, the most specific first. */
  readonly origins: readonly IdentityOrigin[];
  /** The service's limit on the name, when the library's own names could exceed it. */
  readonly max?: { readonly length: number; readonly unit: "characters" | "bytes" };
  /**
   * Entries that name one object on purpose (an OIDC provider shared by the environments of an
   * account) carry the same `shared` token; they never collide with each other.
   */
  readonly shared?: string;
}

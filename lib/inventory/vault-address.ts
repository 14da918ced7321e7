/*
 * One identity per Vault cluster. Validation (which environments share a cluster), the plan (which
 * environments one cluster stack serves), the stack name and the analysis (which cluster a policy
 * lives on) all ask this one function, so no two of them can disagree about a spelling.
 *
 * A cluster is its host and port, compared the way a client reaches it:
 * - the host as the URL parser resolves it: lower case, IDN in its ASCII (punycode) form, IPv4
 *   written out (`127.1` is `127.0.0.1`), IPv6 bracketed and compressed, without a trailing dot
 *   (`vault.acme.example.` is the fully qualified spelling of `vault.acme.example`);
 * - the port, where the default ports are one: the scheme's own (443 for https, 80 for http) and
 *   Vault's listener default 8200. `https://vault.acme.example`, `https://VAULT.acme.example:443/`
 *   and `https://vault.acme.example:8200` are one cluster. Treating them as one is the safe side:
 *   two environments that might reach one server must not share its namespaces and mounts.
 *   Any other port is a different cluster (`:8443`).
 * - the scheme, user info, path and trailing slash are not part of it (the schema allows plain
 *   http only on loopback, and one host and port serves one protocol).
 *
 * The key is `host` or `host:port`, exactly what the cluster stack name was always made of
 * (`vault-acme-example` for https://vault.acme.example:8200), so no existing name changes.
 */

/** Ports that address Vault's default listener: the scheme default and Vault's 8200. */
export const DEFAULT_VAULT_PORTS: Readonly<Record<string, readonly string[]>> = {
  "https:": ["", "443", "8200"],
  "http:": ["", "80", "8200"],
};

export interface VaultClusterIdentity {
  /** Normalized host (lower case, punycode, no trailing dot). */
  readonly host: string;
  /** The port when it is not a default one, else "". */
  readonly port: string;
  /** `host` or `host:port`: the cluster's identity. */
  readonly key: string;
}

/** The identity of the cluster an address reaches, or undefined when the address is not a URL. */
export function vaultClusterIdentity(address: string): VaultClusterIdentity | undefined {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return undefined;
  }
  const host = url.hostname.replace(/\.+$/, "");
  if (host === "") return undefined;
  const defaults = DEFAULT_VAULT_PORTS[url.protocol] ?? ["", "8200"];
  const port = defaults.includes(url.port) ? "" : url.port;
  return { host, port, key: port ? `${host}:${port}` : host };
}

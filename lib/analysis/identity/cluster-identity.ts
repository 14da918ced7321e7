/*
 * A Vault cluster as its servers answer it, from an address as written: the scheme, the case of
 * the host, a trailing dot or slash and the default ports (443 for https, 8200 for Vault) do not
 * make another server. Written here on purpose and not imported from lib/plan: the proof must not
 * share the generator's assumptions.
 */

const DEFAULT_PORTS = new Set(["", "443", "80", "8200"]);

/** `https://VAULT.acme.example.:443/` and `vault.acme.example:8200` -> `vault.acme.example`. */
export function vaultClusterIdentity(address: string): string {
  const text = address.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let host: string;
  let port: string;
  try {
    const url = new URL(withScheme);
    host = url.hostname;
    port = url.port;
  } catch {
    const match = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]*)(?::(\d+))?/i.exec(withScheme);
    host = match?.[1] ?? text;
    port = match?.[2] ?? "";
  }
  host = host.toLowerCase().replace(/\.+$/, "");
  return DEFAULT_PORTS.has(port) ? host : `${host}:${port}`;
}

/** Namespace parts joined the way Vault resolves them: empty parts, stray slashes and `root` dropped. */
export function joinVaultPath(...parts: readonly (string | undefined)[]): string {
  return parts
    .flatMap((part) => (part ?? "").split("/"))
    .filter((segment) => segment !== "")
    .filter((segment, index) => !(index === 0 && segment === "root"))
    .join("/");
}

/** An AWS account id from a provider: `allowed_account_ids`, else the account of the role it assumes. */
export function accountOfProvider(config: Readonly<Record<string, unknown>>): string | undefined {
  const allowed = Array.isArray(config.allowed_account_ids)
    ? config.allowed_account_ids.filter((a): a is string => typeof a === "string")
    : [];
  if (allowed.length > 0) return allowed[0];
  const assume = Array.isArray(config.assume_role) ? config.assume_role[0] : config.assume_role;
  const roleArn = typeof assume === "object" && assume !== null ? (assume as Record<string, unknown>).role_arn : undefined;
  const match = typeof roleArn === "string" ? /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn) : null;
  return match?.[1];
}

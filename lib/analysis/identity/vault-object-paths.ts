/*
 * Where a Vault resource writes, as the server resolves it: the API path inside the resource's
 * namespace (`<backend>/roles/<name>`, `auth/<backend>/role/<role>`, `sys/policies/acl/<name>`,
 * `sys/mounts/<path>`, `sys/namespaces/<path>`...), and for mounts and namespaces the part of the
 * routing space they take (`<path>/` in that namespace). Derived from the resource's arguments
 * only, the way the provider calls the API: never from the library's naming helpers.
 */

export interface VaultObjectPath {
  /** API path inside the namespace, e.g. `database/roles/shop-main-x-y`. */
  readonly path: string;
  /** For mounts, auth mounts and namespaces: the routed path they own (requests under it reach them). */
  readonly occupies?: string;
}

type Config = Readonly<Record<string, unknown>>;

function str(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

function trim(path: string): string {
  return path.replace(/^\/+|\/+$/g, "");
}

/** Vault stores these names lower-cased (ACL policies, AppRole and AWS auth roles, identity groups). */
const lower = (text: string) => text.toLowerCase();

function mountOf(config: Config, argument: string, fallback?: string): string | undefined {
  const value = str(config[argument]) ?? fallback;
  return value === undefined ? undefined : trim(value);
}

function role(base: (config: Config) => string | undefined, segment: string, nameArgument: string, fold = false) {
  return (config: Config): VaultObjectPath | undefined => {
    const mount = base(config);
    const name = str(config[nameArgument]);
    if (mount === undefined || name === undefined) return undefined;
    return { path: `${mount}/${segment}/${fold ? lower(name) : name}` };
  };
}

const backend = (fallback?: string) => (config: Config) => mountOf(config, "backend", fallback);
const authBackend = (fallback: string) => (config: Config) => {
  const mount = mountOf(config, "backend", fallback);
  return mount === undefined ? undefined : `auth/${mount}`;
};
const fixed =
  (base: (config: Config) => string | undefined, suffix: string) =>
  (config: Config): VaultObjectPath | undefined => {
    const mount = base(config);
    return mount === undefined ? undefined : { path: `${mount}/${suffix}` };
  };
const mount =
  (fallback?: string) =>
  (config: Config): VaultObjectPath | undefined => {
    const path = mountOf(config, "path", fallback);
    return path === undefined ? undefined : { path: `sys/mounts/${path}`, occupies: path };
  };

/**
 * Resource type -> the object it writes. A type absent here writes no named object of its own
 * (it edits another one, or the server names it), and is left out of the inventory of writes.
 */
export const VAULT_OBJECT_PATHS: Readonly<Record<string, (config: Config) => VaultObjectPath | undefined>> = {
  vault_namespace: (config) => {
    const path = mountOf(config, "path");
    if (path === undefined) return undefined;
    // The `namespace` argument (the parent) is joined by the caller.
    return { path: `sys/namespaces/${path}`, occupies: path };
  },
  vault_mount: mount(),
  vault_database_secrets_mount: mount(),
  vault_aws_secret_backend: mount("aws"),
  vault_gcp_secret_backend: mount("gcp"),
  vault_auth_backend: (config) => {
    const path = mountOf(config, "path") ?? mountOf(config, "type");
    return path === undefined ? undefined : { path: `sys/auth/${path}`, occupies: `auth/${path}` };
  },
  vault_jwt_auth_backend: (config) => {
    const path = mountOf(config, "path", "jwt")!;
    return { path: `sys/auth/${path}`, occupies: `auth/${path}` };
  },
  vault_policy: (config) => {
    const name = str(config.name);
    return name === undefined ? undefined : { path: `sys/policies/acl/${lower(name)}` };
  },
  vault_egp_policy: (config) => (str(config.name) === undefined ? undefined : { path: `sys/policies/egp/${lower(str(config.name)!)}` }),
  vault_rgp_policy: (config) => (str(config.name) === undefined ? undefined : { path: `sys/policies/rgp/${lower(str(config.name)!)}` }),
  vault_audit: (config) => {
    const path = mountOf(config, "path") ?? mountOf(config, "type");
    return path === undefined ? undefined : { path: `sys/audit/${path}` };
  },
  vault_audit_request_header: (config) =>
    str(config.name) === undefined ? undefined : { path: `sys/config/auditing/request-headers/${lower(str(config.name)!)}` },
  vault_quota_rate_limit: (config) => (str(config.name) === undefined ? undefined : { path: `sys/quotas/rate-limit/${str(config.name)}` }),
  vault_quota_lease_count: (config) =>
    str(config.name) === undefined ? undefined : { path: `sys/quotas/lease-count/${str(config.name)}` },
  vault_identity_group: (config) =>
    str(config.name) === undefined ? undefined : { path: `identity/group/name/${lower(str(config.name)!)}` },
  vault_identity_mfa_login_enforcement: (config) =>
    str(config.name) === undefined ? undefined : { path: `identity/mfa/login-enforcement/${str(config.name)}` },

  vault_kv_secret_backend_v2: fixed((config) => mountOf(config, "mount"), "config"),
  vault_kv_secret_v2: (config) => {
    const kv = mountOf(config, "mount");
    const name = str(config.name);
    return kv === undefined || name === undefined ? undefined : { path: `${kv}/data/${trim(name)}` };
  },
  vault_generic_endpoint: (config) => (str(config.path) === undefined ? undefined : { path: trim(str(config.path)!) }),
  vault_generic_secret: (config) => (str(config.path) === undefined ? undefined : { path: trim(str(config.path)!) }),

  vault_database_secret_backend_connection: role(backend(), "config", "name"),
  vault_database_secret_backend_role: role(backend(), "roles", "name"),
  vault_database_secret_backend_static_role: role(backend(), "static-roles", "name"),
  vault_pki_secret_backend_role: role(backend(), "roles", "name"),
  vault_pki_secret_backend_config_urls: fixed(backend(), "config/urls"),
  vault_pki_secret_backend_config_issuers: fixed(backend(), "config/issuers"),
  vault_pki_secret_backend_crl_config: fixed(backend(), "config/crl"),
  vault_ssh_secret_backend_ca: fixed(backend("ssh"), "config/ca"),
  vault_ssh_secret_backend_role: role(backend(), "roles", "name"),
  vault_aws_secret_backend_role: role(backend("aws"), "roles", "name"),
  vault_gcp_secret_roleset: role(backend("gcp"), "roleset", "roleset"),
  vault_gcp_secret_static_account: role(backend("gcp"), "static-account", "static_account"),

  vault_approle_auth_backend_role: role(authBackend("approle"), "role", "role_name", true),
  vault_kubernetes_auth_backend_role: role(authBackend("kubernetes"), "role", "role_name"),
  vault_jwt_auth_backend_role: role(authBackend("jwt"), "role", "role_name"),
  vault_aws_auth_backend_role: role(authBackend("aws"), "role", "role", true),
  vault_kubernetes_auth_backend_config: fixed(authBackend("kubernetes"), "config"),
  vault_aws_auth_backend_client: fixed(authBackend("aws"), "config/client"),
  vault_aws_auth_backend_config_identity: fixed(authBackend("aws"), "config/identity"),
  vault_aws_auth_backend_sts_role: role(authBackend("aws"), "config/sts", "account_id"),
};

/** The resource's own `namespace` argument (relative to the provider's), when it sets one. */
export function resourceNamespace(config: Config): string | undefined {
  return str(config.namespace);
}

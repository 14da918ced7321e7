/*
 * How each vault_* resource type of hashicorp/vault 5.6.0 that our stacks use maps onto the
 * server's HTTP API, for the live applier. Each handler reads the object, compares the fields
 * the configuration sets with what the server reports, and writes only when they differ (or the
 * object is missing): a second apply of the same stack therefore reports "no change", and a
 * difference names the fields. This mirrors the provider's requests for these types; it is not
 * the provider, and types not listed here are refused (unknown → loud failure).
 *
 * Write-only arguments (`password_wo`) are sent and never recorded; like Terraform, a new value
 * is sent again only when its `*_wo_version` changes (the applier's state file records versions).
 */
import { createHash } from "node:crypto";
import type { VaultClient } from "./vault-client";

export type Action = "create" | "update" | "no-change";

export interface HandlerContext {
  /** Client bound to the resource's effective namespace (provider namespace + resource namespace). */
  readonly client: VaultClient;
  /** Effective namespace of the resource. */
  readonly namespace: string | undefined;
  readonly address: string;
  /** Configured attributes, references resolved, meta-arguments removed. */
  readonly attrs: Readonly<Record<string, unknown>>;
  /** What the previous apply recorded for this address (never a write-only value). */
  readonly previous?: Readonly<Record<string, unknown>>;
}

export interface HandlerResult {
  readonly action: Action;
  /** Fields that differed (update) */
  readonly differences: readonly string[];
  /** Attributes other resources may refer to (`id`, `accessor`, `path_fq`...). */
  readonly computed: Readonly<Record<string, unknown>>;
  /** What to remember for the next apply (versions of write-only values, hashes of unreadable bodies). */
  readonly record?: Readonly<Record<string, unknown>>;
}

export type Handler = (ctx: HandlerContext) => Promise<HandlerResult>;

/* ---------- comparison ---------- */

const DURATION = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)?$/;
const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 };

/** `"1h"`, `"3600"`, `3600`, `"1h0m0s"` → 3600; undefined when not a duration. */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string" || value === "") return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  let total = 0;
  let rest = value;
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/.exec(rest);
    if (!match) return undefined;
    total += Number(match[1]) * UNIT_SECONDS[match[2]];
    rest = rest.slice(match[0].length);
  }
  return DURATION.test(value) || total > 0 || value === "0s" ? total : undefined;
}

/**
 * Only the conversions the hashicorp/vault provider itself hides. Text is compared as it is: the server
 * stores some values changed (an item of `jwt_validation_pubkeys` trimmed), and the provider then shows
 * the difference on every plan, so the applier reports it too (lib/plan/vault-stored-values.ts, found by
 * tools/live/provider-round-trip.ts with the real provider).
 */
function normalizeScalar(value: unknown): unknown {
  if (typeof value === "string") {
    const cidr = /^(\d+\.\d+\.\d+\.\d+)\/32$/.exec(value);
    if (cidr) return cidr[1];
  }
  return value;
}

/** Whether the server's value equals the configured one, with the API's usual conversions. */
export function sameValue(desired: unknown, actual: unknown, field = ""): boolean {
  if (desired === undefined || desired === null) return true;
  if (Array.isArray(desired)) {
    let list: unknown[];
    if (Array.isArray(actual)) list = actual;
    else if (typeof actual === "string") list = actual === "" ? [] : actual.split(",").map((s) => s.trim());
    else if (actual === undefined || actual === null) list = [];
    else return false;
    const a = desired.map((v) => JSON.stringify(normalizeScalar(v))).sort();
    const b = list.map((v) => JSON.stringify(normalizeScalar(v))).sort();
    return a.length === b.length && a.every((v, i) => v === b[i]);
  }
  if (typeof desired === "object") {
    if (!actual || typeof actual !== "object") return Object.keys(desired).length === 0 && (actual === undefined || actual === null);
    return Object.entries(desired).every(([key, value]) => sameValue(value, (actual as Record<string, unknown>)[key], `${field}.${key}`));
  }
  if (typeof desired === "boolean") return actual === desired || (actual === undefined && desired === false);
  if (/ttl|period|duration|after|leeway|interval|max_age|window/.test(field)) {
    const a = durationSeconds(desired);
    const b = durationSeconds(actual ?? 0);
    if (a !== undefined && b !== undefined) return a === b;
  }
  if (typeof desired === "number" || typeof actual === "number") return Number(desired) === Number(actual);
  if (desired === "" && (actual === undefined || actual === null)) return true;
  return normalizeScalar(desired) === normalizeScalar(actual);
}

export function differences(desired: Record<string, unknown>, actual: Record<string, unknown>): string[] {
  return Object.entries(desired)
    .filter(([key, value]) => !sameValue(value, actual[key], key))
    .map(([key]) => key)
    .sort();
}

/* ---------- helpers ---------- */

/** A nested block as cdktf renders it: an object, or a one-element list. */
function block(value: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(value)) return value[0] as Record<string, unknown> | undefined;
  return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
}

function omit(attrs: Readonly<Record<string, unknown>>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attrs).filter(([key, value]) => !keys.includes(key) && value !== undefined));
}

function str(attrs: Readonly<Record<string, unknown>>, key: string, fallback?: string): string {
  const value = attrs[key] ?? fallback;
  if (typeof value !== "string" || value === "") throw new Error(`attribute ${key} is required`);
  return value;
}

function hash(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

/** Read, compare the desired fields, write when missing or different. */
async function upsert(
  ctx: HandlerContext,
  options: {
    readPath: string;
    writePath: string;
    body: Record<string, unknown>;
    /** Fields to compare (server names); @default the body */
    compare?: Record<string, unknown>;
    /** Server answer → the object the comparison looks at. @default identity */
    view?: (data: Record<string, any>) => Record<string, unknown>;
    /** Something that must be written even when the readable fields agree (write-only values). */
    forceWrite?: string;
  },
): Promise<{ action: Action; differences: string[]; data: Record<string, any> }> {
  const existing = await ctx.client.read(options.readPath);
  const view = options.view ?? ((d) => d);
  if (existing === undefined) {
    await ctx.client.write(options.writePath, options.body);
    return { action: "create", differences: [], data: (await ctx.client.read(options.readPath)) ?? {} };
  }
  const diffs = differences(options.compare ?? options.body, view(existing));
  if (options.forceWrite) diffs.push(options.forceWrite);
  if (diffs.length === 0) return { action: "no-change", differences: [], data: existing };
  await ctx.client.write(options.writePath, options.body);
  return { action: "update", differences: diffs, data: (await ctx.client.read(options.readPath)) ?? {} };
}

/* ---------- handlers ---------- */

const namespace: Handler = async (ctx) => {
  const path = str(ctx.attrs, "path");
  const body = ctx.attrs.custom_metadata ? { custom_metadata: ctx.attrs.custom_metadata } : {};
  const result = await upsert(ctx, { readPath: `sys/namespaces/${path}`, writePath: `sys/namespaces/${path}`, body });
  const pathFq = [ctx.namespace, path].filter(Boolean).join("/");
  return { ...result, computed: { id: path, path_fq: pathFq, namespace_id: result.data.id } };
};

function mountBody(
  attrs: Readonly<Record<string, unknown>>,
  type: string,
): { body: Record<string, unknown>; compare: Record<string, unknown> } {
  const config = omit(
    {
      default_lease_ttl: attrs.default_lease_ttl_seconds,
      max_lease_ttl: attrs.max_lease_ttl_seconds,
      audit_non_hmac_request_keys: attrs.audit_non_hmac_request_keys,
      audit_non_hmac_response_keys: attrs.audit_non_hmac_response_keys,
      listing_visibility: attrs.listing_visibility,
      passthrough_request_headers: attrs.passthrough_request_headers,
      allowed_response_headers: attrs.allowed_response_headers,
      force_no_cache: attrs.force_no_cache,
    },
    [],
  );
  const body = omit(
    {
      type,
      description: attrs.description,
      options: attrs.options,
      local: attrs.local,
      seal_wrap: attrs.seal_wrap,
      external_entropy_access: attrs.external_entropy_access,
      plugin_version: attrs.plugin_version,
      config,
    },
    [],
  );
  return {
    body,
    compare: omit(
      { type, description: attrs.description, options: attrs.options, local: attrs.local, seal_wrap: attrs.seal_wrap, config },
      [],
    ),
  };
}

/** A mount as `sys/mounts` lists it (GET sys/mounts/<path> answers 400, not 404, for a missing mount). */
async function readMount(ctx: HandlerContext, path: string): Promise<Record<string, any> | undefined> {
  const listing = (await ctx.client.read("sys/mounts")) ?? {};
  return listing[`${path}/`] as Record<string, any> | undefined;
}

/** A secrets engine mount (create, or tune what differs). */
async function applyMount(ctx: HandlerContext, path: string, type: string): Promise<HandlerResult> {
  const { body, compare } = mountBody(ctx.attrs, type);
  const existing = await readMount(ctx, path);
  let action: Action = "no-change";
  let diffs: string[] = [];
  if (existing === undefined) {
    await ctx.client.write(`sys/mounts/${path}`, body);
    action = "create";
  } else {
    if (existing.type !== type)
      throw new Error(`mount ${path} exists with type ${existing.type}, not ${type} (the provider would replace it)`);
    diffs = differences(compare, existing);
    if (diffs.length > 0) {
      const config = body.config as Record<string, unknown>;
      await ctx.client.write(`sys/mounts/${path}/tune`, omit({ ...config, description: body.description, options: body.options }, []));
      action = "update";
    }
  }
  const data = (await readMount(ctx, path)) ?? {};
  return { action, differences: diffs, computed: { id: path, path, accessor: data.accessor } };
}

const mount: Handler = (ctx) => applyMount(ctx, str(ctx.attrs, "path"), str(ctx.attrs, "type"));

const kvSecretBackendV2: Handler = async (ctx) => {
  const mountPath = str(ctx.attrs, "mount");
  const body = omit(
    { max_versions: ctx.attrs.max_versions, cas_required: ctx.attrs.cas_required, delete_version_after: ctx.attrs.delete_version_after },
    [],
  );
  const result = await upsert(ctx, { readPath: `${mountPath}/config`, writePath: `${mountPath}/config`, body });
  return { ...result, computed: { id: `${mountPath}/config` } };
};

const genericEndpoint: Handler = async (ctx) => {
  const path = str(ctx.attrs, "path");
  const body = JSON.parse(str(ctx.attrs, "data_json")) as Record<string, unknown>;
  const computed = { id: path, write_data_json: "{}" };
  if (ctx.attrs.disable_read) {
    // The provider never reads such an endpoint back; it compares the configuration with its state.
    const record = { body_sha256: hash(body) };
    if (ctx.previous?.body_sha256 === record.body_sha256) return { action: "no-change", differences: [], computed, record };
    await ctx.client.write(path, body);
    return { action: ctx.previous ? "update" : "create", differences: ctx.previous ? ["data_json"] : [], computed, record };
  }
  const result = await upsert(ctx, { readPath: path, writePath: path, body });
  return { ...result, computed };
};

const policy: Handler = async (ctx) => {
  const name = str(ctx.attrs, "name");
  const text = str(ctx.attrs, "policy");
  const result = await upsert(ctx, { readPath: `sys/policies/acl/${name}`, writePath: `sys/policies/acl/${name}`, body: { policy: text } });
  return { ...result, computed: { id: name } };
};

const passwordPolicy: Handler = async (ctx) => {
  const name = str(ctx.attrs, "name");
  const result = await upsert(ctx, {
    readPath: `sys/policies/password/${name}`,
    writePath: `sys/policies/password/${name}`,
    body: { policy: str(ctx.attrs, "policy") },
  });
  return { ...result, computed: { id: name } };
};

/** An auth method mount plus its tune block. */
async function applyAuthMount(
  ctx: HandlerContext,
  path: string,
  type: string,
): Promise<{ action: Action; differences: string[]; accessor: string }> {
  const tune = block(ctx.attrs.tune);
  const config = tune ? omit(tune, []) : {};
  const listing = await ctx.client.read("sys/auth");
  const existing = listing?.[`${path}/`] as Record<string, any> | undefined;
  let action: Action = "no-change";
  let diffs: string[] = [];
  const compare = omit({ type, description: ctx.attrs.description, local: ctx.attrs.local, config }, []);
  if (!existing) {
    await ctx.client.write(`sys/auth/${path}`, omit({ type, description: ctx.attrs.description, local: ctx.attrs.local, config }, []));
    action = "create";
  } else {
    if (existing.type !== type) throw new Error(`auth mount ${path} exists with type ${existing.type}, not ${type}`);
    diffs = differences(compare, existing);
    if (diffs.length > 0) {
      await ctx.client.write(`sys/auth/${path}/tune`, omit({ ...config, description: ctx.attrs.description }, []));
      action = "update";
    }
  }
  const after = (await ctx.client.read("sys/auth"))?.[`${path}/`] as Record<string, any>;
  return { action, differences: diffs, accessor: after.accessor };
}

const authBackend: Handler = async (ctx) => {
  const type = str(ctx.attrs, "type");
  const path = (ctx.attrs.path as string | undefined) ?? type;
  const result = await applyAuthMount(ctx, path, type);
  return { action: result.action, differences: result.differences, computed: { id: path, path, accessor: result.accessor } };
};

function combine(...actions: { action: Action; differences: readonly string[] }[]): { action: Action; differences: string[] } {
  const action: Action = actions.some((a) => a.action === "create")
    ? "create"
    : actions.some((a) => a.action === "update")
      ? "update"
      : "no-change";
  return { action, differences: actions.flatMap((a) => a.differences) };
}

const JWT_CONFIG_FIELDS = [
  "oidc_discovery_url",
  "oidc_discovery_ca_pem",
  "oidc_client_id",
  "oidc_response_mode",
  "oidc_response_types",
  "jwks_url",
  "jwks_ca_pem",
  "jwt_validation_pubkeys",
  "bound_issuer",
  "jwt_supported_algs",
  "default_role",
  "provider_config",
  "namespace_in_state",
];

const jwtAuthBackend: Handler = async (ctx) => {
  const type = (ctx.attrs.type as string | undefined) ?? "jwt";
  const path = (ctx.attrs.path as string | undefined) ?? "jwt";
  if (ctx.attrs.oidc_client_secret !== undefined)
    throw new Error("oidc_client_secret in a stack would put a secret into Terraform; the live applier refuses it");
  const mounted = await applyAuthMount(ctx, path, type);
  const body = omit(Object.fromEntries(JWT_CONFIG_FIELDS.map((key) => [key, ctx.attrs[key]])), []);
  const configured = await upsert(ctx, { readPath: `auth/${path}/config`, writePath: `auth/${path}/config`, body });
  return { ...combine(mounted, configured), computed: { id: path, path, accessor: mounted.accessor } };
};

const approleRole: Handler = async (ctx) => {
  const backend = (ctx.attrs.backend as string | undefined) ?? "approle";
  const name = str(ctx.attrs, "role_name");
  const body = omit(ctx.attrs, ["backend", "role_name", "role_id", "namespace", "id"]);
  const rolePath = `auth/${backend}/role/${name}`;
  const result = await upsert(ctx, { readPath: rolePath, writePath: rolePath, body });
  let roleIdResult = { action: "no-change" as Action, differences: [] as string[] };
  if (ctx.attrs.role_id !== undefined) {
    roleIdResult = await upsert(ctx, {
      readPath: `${rolePath}/role-id`,
      writePath: `${rolePath}/role-id`,
      body: { role_id: ctx.attrs.role_id },
    });
    if (result.action === "create") roleIdResult = { action: "no-change", differences: [] };
  }
  const roleId = (await ctx.client.read(`${rolePath}/role-id`))?.role_id;
  return { ...combine(result, roleIdResult), computed: { id: rolePath, role_id: roleId } };
};

const jwtRole: Handler = async (ctx) => {
  const backend = (ctx.attrs.backend as string | undefined) ?? "jwt";
  const name = str(ctx.attrs, "role_name");
  const body = omit(ctx.attrs, ["backend", "role_name", "namespace", "id", "disable_bound_claims_parsing"]);
  const rolePath = `auth/${backend}/role/${name}`;
  const result = await upsert(ctx, { readPath: rolePath, writePath: rolePath, body });
  return { ...result, computed: { id: rolePath } };
};

const kubernetesAuthConfig: Handler = async (ctx) => {
  const backend = (ctx.attrs.backend as string | undefined) ?? "kubernetes";
  if (ctx.attrs.token_reviewer_jwt !== undefined)
    throw new Error("token_reviewer_jwt in a stack would put a secret into Terraform; the live applier refuses it");
  const body = omit(ctx.attrs, ["backend", "namespace", "id"]);
  const result = await upsert(ctx, { readPath: `auth/${backend}/config`, writePath: `auth/${backend}/config`, body });
  return { ...result, computed: { id: `auth/${backend}/config` } };
};

const kubernetesAuthRole: Handler = async (ctx) => {
  const backend = (ctx.attrs.backend as string | undefined) ?? "kubernetes";
  const name = str(ctx.attrs, "role_name");
  const rolePath = `auth/${backend}/role/${name}`;
  const result = await upsert(ctx, {
    readPath: rolePath,
    writePath: rolePath,
    body: omit(ctx.attrs, ["backend", "role_name", "namespace", "id"]),
  });
  return { ...result, computed: { id: rolePath } };
};

const tokenAuthRole: Handler = async (ctx) => {
  const name = str(ctx.attrs, "role_name");
  const rolePath = `auth/token/roles/${name}`;
  const result = await upsert(ctx, { readPath: rolePath, writePath: rolePath, body: omit(ctx.attrs, ["role_name", "namespace", "id"]) });
  return { ...result, computed: { id: rolePath } };
};

/* Database secrets engine. */

const DATABASE_PLUGINS: Record<string, string> = {
  postgresql: "postgresql-database-plugin",
  mysql: "mysql-database-plugin",
  mysql_rds: "mysql-rds-database-plugin",
  mysql_aurora: "mysql-aurora-database-plugin",
  mysql_legacy: "mysql-legacy-database-plugin",
  redis: "redis-database-plugin",
  valkey: "valkey-database-plugin",
};
const CONNECTION_TOP_FIELDS = [
  "verify_connection",
  "allowed_roles",
  "root_rotation_statements",
  "password_policy",
  "rotation_period",
  "rotation_schedule",
  "rotation_window",
  "disable_automated_rotation",
];

async function applyDatabaseConnection(
  ctx: HandlerContext,
  backend: string,
  name: string,
  settings: Readonly<Record<string, unknown>>,
  recordKey: string,
): Promise<{ action: Action; differences: string[]; record: Record<string, unknown> }> {
  const engines = Object.keys(DATABASE_PLUGINS).filter((engine) => block(settings[engine]));
  const other = Object.keys(settings).filter(
    (key) =>
      /^(hana|mongodb|mongodbatlas|mssql|oracle|snowflake|influxdb|elasticsearch|cassandra|couchbase|redshift|redis_elasticache)$/.test(
        key,
      ) && block(settings[key]),
  );
  if (other.length > 0 || engines.length !== 1)
    throw new Error(
      `database connection ${name}: exactly one of ${Object.keys(DATABASE_PLUGINS).join(", ")} is supported by the live applier (got ${[...engines, ...other].join(", ") || "none"})`,
    );
  const engine = engines[0];
  const details = block(settings[engine])!;
  const woVersion = details.password_wo_version;
  const password = details.password_wo ?? details.password;
  const connectionDetails = omit(details, ["password", "password_wo", "password_wo_version"]);
  const body: Record<string, unknown> = {
    plugin_name: (settings.plugin_name as string | undefined) ?? DATABASE_PLUGINS[engine],
    ...omit(Object.fromEntries(CONNECTION_TOP_FIELDS.map((key) => [key, settings[key]])), []),
    ...connectionDetails,
    ...(settings.data && typeof settings.data === "object" ? (settings.data as Record<string, unknown>) : {}),
  };
  const record = { [`${recordKey}password_wo_version`]: woVersion ?? null };
  const versionChanged = ctx.previous !== undefined && ctx.previous[`${recordKey}password_wo_version`] !== (woVersion ?? null);
  const compare = omit(
    {
      plugin_name: body.plugin_name,
      allowed_roles: body.allowed_roles,
      root_credentials_rotate_statements: settings.root_rotation_statements,
      password_policy: settings.password_policy,
      connection_details: omit(connectionDetails, [
        "max_open_connections",
        "max_idle_connections",
        "max_connection_lifetime",
        "tls_ca",
        "tls_certificate",
        "private_key",
        "disable_escaping",
        "username_template",
      ]),
    },
    [],
  );
  const path = `${backend}/config/${name}`;
  const existing = await ctx.client.read(path);
  if (existing === undefined || versionChanged || differences(compare, existing).length > 0) {
    if (password === undefined && existing === undefined)
      throw new Error(`database connection ${name}: no bootstrap password (password_wo) was given`);
    const diffs =
      existing === undefined ? [] : [...differences(compare, existing), ...(versionChanged ? [`${engine}.password_wo_version`] : [])];
    await ctx.client.write(path, password === undefined ? body : { ...body, password });
    return { action: existing === undefined ? "create" : "update", differences: diffs, record };
  }
  return { action: "no-change", differences: [], record };
}

const databaseConnection: Handler = async (ctx) => {
  const backend = str(ctx.attrs, "backend");
  const name = str(ctx.attrs, "name");
  const result = await applyDatabaseConnection(ctx, backend, name, ctx.attrs, "");
  return { action: result.action, differences: result.differences, record: result.record, computed: { id: `${backend}/config/${name}` } };
};

/** vault_database_secrets_mount: the mount and its connections in one resource. */
const databaseSecretsMount: Handler = async (ctx) => {
  const path = str(ctx.attrs, "path");
  const mounted = await applyMount(ctx, path, "database");
  const results: { action: Action; differences: readonly string[] }[] = [mounted];
  const record: Record<string, unknown> = {};
  const names: string[] = [];
  for (const engine of Object.keys(DATABASE_PLUGINS)) {
    const list = ctx.attrs[engine];
    for (const connection of (Array.isArray(list) ? list : list ? [list] : []) as Record<string, unknown>[]) {
      const name = str(connection, "name");
      names.push(name);
      const settings = {
        ...omit(connection, ["name"]),
        [engine]: omit(connection, ["name", ...CONNECTION_TOP_FIELDS, "plugin_name", "data"]),
      };
      const result = await applyDatabaseConnection(ctx, path, name, settings, `${name}.`);
      Object.assign(record, result.record);
      results.push(result);
    }
  }
  return { ...combine(...results), record, computed: { ...mounted.computed, engine_count: names.length } };
};

const databaseRole: Handler = async (ctx) => {
  const backend = str(ctx.attrs, "backend");
  const name = str(ctx.attrs, "name");
  const body = omit(ctx.attrs, ["backend", "name", "namespace", "id"]);
  const path = `${backend}/roles/${name}`;
  const result = await upsert(ctx, { readPath: path, writePath: path, body });
  return { ...result, computed: { id: path } };
};

const databaseStaticRole: Handler = async (ctx) => {
  const backend = str(ctx.attrs, "backend");
  const name = str(ctx.attrs, "name");
  if (ctx.attrs.password_wo !== undefined || ctx.attrs.self_managed_password !== undefined) {
    throw new Error(`static role ${name}: password_wo / self_managed_password are not supported by the live applier`);
  }
  const body = omit(ctx.attrs, ["backend", "name", "namespace", "id", "password_wo_version"]);
  const path = `${backend}/static-roles/${name}`;
  const result = await upsert(ctx, { readPath: path, writePath: path, body });
  return { ...result, computed: { id: path } };
};

/* PKI. */

const pkiRootCert: Handler = async (ctx) => {
  const backend = str(ctx.attrs, "backend");
  const type = str(ctx.attrs, "type");
  if (type !== "internal")
    throw new Error(`pki root cert of type ${type}: only internal keys are supported (an exported key would land in the state)`);
  const body = omit(ctx.attrs, ["backend", "type", "namespace", "id"]);
  const record = { config_sha256: hash(body) };
  // The provider creates the root once and replaces it only when its arguments change.
  const hasRoot = (await ctx.client.list(`${backend}/issuers`)).length > 0;
  let action: Action = "no-change";
  const diffs: string[] = [];
  if (!hasRoot) {
    await ctx.client.write(`${backend}/root/generate/${type}`, body);
    action = "create";
  } else if (ctx.previous && ctx.previous.config_sha256 !== record.config_sha256) {
    throw new Error(
      `${ctx.address}: the root certificate's arguments changed; the provider would replace the CA, which the live applier refuses to do`,
    );
  }
  const ca = (await ctx.client.read(`${backend}/cert/ca`)) ?? {};
  const issuers = await ctx.client.list(`${backend}/issuers`);
  return {
    action,
    differences: diffs,
    record,
    computed: {
      id: backend,
      certificate: ca.certificate,
      issuing_ca: ca.certificate,
      serial_number: ca.serial_number,
      issuer_id: issuers[0],
    },
  };
};

const pkiConfigUrls: Handler = async (ctx) => {
  const backend = str(ctx.attrs, "backend");
  const result = await upsert(ctx, {
    readPath: `${backend}/config/urls`,
    writePath: `${backend}/config/urls`,
    body: omit(ctx.attrs, ["backend", "namespace", "id"]),
  });
  return { ...result, computed: { id: `${backend}/config/urls` } };
};

const pkiCrlConfig: Handler = async (ctx) => {
  const backend = str(ctx.attrs, "backend");
  const result = await upsert(ctx, {
    readPath: `${backend}/config/crl`,
    writePath: `${backend}/config/crl`,
    body: omit(ctx.attrs, ["backend", "namespace", "id"]),
  });
  return { ...result, computed: { id: `${backend}/config/crl` } };
};

const pkiRole: Handler = async (ctx) => {
  const backend = str(ctx.attrs, "backend");
  const name = str(ctx.attrs, "name");
  const body = omit(ctx.attrs, ["backend", "name", "namespace", "id", "policy_identifier", "policy_identifiers"]);
  const path = `${backend}/roles/${name}`;
  const result = await upsert(ctx, { readPath: path, writePath: path, body });
  return { ...result, computed: { id: path } };
};

/* SSH. */

const sshCa: Handler = async (ctx) => {
  const backend = (ctx.attrs.backend as string | undefined) ?? "ssh";
  if (ctx.attrs.private_key !== undefined)
    throw new Error("an SSH CA private key in a stack would put a secret into Terraform; the live applier refuses it");
  // Without a CA the server answers 400 "no default issuer currently configured", not 404.
  const current = await ctx.client.raw("GET", `${backend}/config/ca`);
  const hasCa = current.status === 200 && !!current.body?.data?.public_key;
  if (!hasCa && current.status !== 400 && current.status !== 404) throw new Error(`GET ${backend}/config/ca: HTTP ${current.status}`);
  let action: Action = "no-change";
  if (!hasCa) {
    await ctx.client.write(
      `${backend}/config/ca`,
      omit(
        {
          generate_signing_key: ctx.attrs.generate_signing_key ?? true,
          public_key: ctx.attrs.public_key,
          key_type: ctx.attrs.key_type,
          key_bits: ctx.attrs.key_bits,
        },
        [],
      ),
    );
    action = "create";
  }
  const after = (await ctx.client.read(`${backend}/config/ca`)) ?? {};
  return { action, differences: [], computed: { id: backend, public_key: after.public_key } };
};

const sshRole: Handler = async (ctx) => {
  const backend = str(ctx.attrs, "backend");
  const name = str(ctx.attrs, "name");
  const body: Record<string, unknown> = omit(ctx.attrs, ["backend", "name", "namespace", "id", "allowed_user_key_config", "cidr_list"]);
  const keyConfigs = ctx.attrs.allowed_user_key_config;
  if (keyConfigs !== undefined) {
    const list = (Array.isArray(keyConfigs) ? keyConfigs : [keyConfigs]) as { type: string; lengths: number[] }[];
    body.allowed_user_key_lengths = Object.fromEntries(list.map((c) => [c.type, c.lengths]));
  }
  if (ctx.attrs.cidr_list !== undefined) body.cidr_list = ctx.attrs.cidr_list;
  const path = `${backend}/roles/${name}`;
  const result = await upsert(ctx, { readPath: path, writePath: path, body });
  return { ...result, computed: { id: path } };
};

/* Identity. */

const identityGroup: Handler = async (ctx) => {
  const name = str(ctx.attrs, "name");
  const body = omit(ctx.attrs, ["namespace", "id", "external_policies", "external_member_entity_ids", "external_member_group_ids"]);
  const result = await upsert(ctx, { readPath: `identity/group/name/${name}`, writePath: `identity/group/name/${name}`, body });
  return { ...result, computed: { id: result.data.id, name } };
};

const identityGroupPolicies: Handler = async (ctx) => {
  const groupId = str(ctx.attrs, "group_id");
  const exclusive = ctx.attrs.exclusive !== false;
  const current = (await ctx.client.read(`identity/group/id/${groupId}`)) ?? {};
  const desired = (ctx.attrs.policies as string[] | undefined) ?? [];
  const policies = exclusive ? desired : [...new Set([...(current.policies ?? []), ...desired])];
  if (sameValue(policies, current.policies)) return { action: "no-change", differences: [], computed: { id: groupId } };
  await ctx.client.write(`identity/group/id/${groupId}`, { policies });
  return { action: "update", differences: ["policies"], computed: { id: groupId } };
};

/* Login MFA (identity/mfa): a TOTP method, known by the id the server gives it, and an enforcement by name. */

const identityMfaTotp: Handler = async (ctx) => {
  const body = omit(ctx.attrs, ["namespace", "id", "method_id"]);
  const known = ctx.previous?.method_id as string | undefined;
  const current = known ? await ctx.client.read(`identity/mfa/method/totp/${known}`) : undefined;
  if (!known || current === undefined) {
    const methodId = (await ctx.client.write("identity/mfa/method/totp", body))?.data?.method_id as string | undefined;
    if (!methodId) throw new Error("the server answered no method_id for the new TOTP method");
    return { action: "create", differences: [], computed: { id: methodId, method_id: methodId }, record: { method_id: methodId } };
  }
  const diffs = differences(body, current);
  if (diffs.length > 0) await ctx.client.write(`identity/mfa/method/totp/${known}`, body);
  return {
    action: diffs.length > 0 ? "update" : "no-change",
    differences: diffs,
    computed: { id: known, method_id: known },
    record: { method_id: known },
  };
};

const identityMfaLoginEnforcement: Handler = async (ctx) => {
  const name = str(ctx.attrs, "name");
  const path = `identity/mfa/login-enforcement/${name}`;
  const result = await upsert(ctx, { readPath: path, writePath: path, body: omit(ctx.attrs, ["name", "namespace", "id"]) });
  return { ...result, computed: { id: result.data.id, name } };
};

const quotaRateLimit: Handler = async (ctx) => {
  const name = str(ctx.attrs, "name");
  const result = await upsert(ctx, {
    readPath: `sys/quotas/rate-limit/${name}`,
    writePath: `sys/quotas/rate-limit/${name}`,
    body: omit(ctx.attrs, ["name", "namespace", "id"]),
  });
  return { ...result, computed: { id: name } };
};

export const HANDLERS: Readonly<Record<string, Handler>> = {
  vault_namespace: namespace,
  vault_mount: mount,
  vault_kv_secret_backend_v2: kvSecretBackendV2,
  vault_generic_endpoint: genericEndpoint,
  vault_policy: policy,
  vault_password_policy: passwordPolicy,
  vault_auth_backend: authBackend,
  vault_approle_auth_backend_role: approleRole,
  vault_jwt_auth_backend: jwtAuthBackend,
  vault_jwt_auth_backend_role: jwtRole,
  vault_kubernetes_auth_backend_config: kubernetesAuthConfig,
  vault_kubernetes_auth_backend_role: kubernetesAuthRole,
  vault_token_auth_backend_role: tokenAuthRole,
  vault_database_secret_backend_connection: databaseConnection,
  vault_database_secrets_mount: databaseSecretsMount,
  vault_database_secret_backend_role: databaseRole,
  vault_database_secret_backend_static_role: databaseStaticRole,
  vault_pki_secret_backend_root_cert: pkiRootCert,
  vault_pki_secret_backend_config_urls: pkiConfigUrls,
  vault_pki_secret_backend_crl_config: pkiCrlConfig,
  vault_pki_secret_backend_role: pkiRole,
  vault_ssh_secret_backend_ca: sshCa,
  vault_ssh_secret_backend_role: sshRole,
  vault_identity_group: identityGroup,
  vault_identity_group_policies: identityGroupPolicies,
  vault_identity_mfa_totp: identityMfaTotp,
  vault_identity_mfa_login_enforcement: identityMfaLoginEnforcement,
  vault_quota_rate_limit: quotaRateLimit,
};

/*
 * Record fields: for each kind of stored credential, the fields of the rotation contract (what seed
 * accepts and the rotation functions read and write) and, beside them, the fields an orchestrator
 * reads, derived from them and written IN THE SAME VERSION by every writer: `etl-secrets seed`,
 * each Secrets Manager rotation strategy and the Vault key-broker schedule. The README's "Record
 * fields" table is rendered from this file (record-fields-table.ts) and tested against it.
 *
 * The orchestrator is Airflow, through its own secrets backends (tested against the real thing:
 * Apache Airflow 3.3.2, apache-airflow-providers-hashicorp 4.8.4, -amazon 9.39.0):
 * - Vault (`VaultBackend`): a record with `conn_uri` is read as that URI and nothing else; a record
 *   without it is passed whole to `Connection(**fields)`, which fails on any rotation field
 *   (`engine`, `keyId`...). So every Vault record carries `conn_uri`.
 * - Secrets Manager (`SecretsManagerBackend`, a JSON value): each connection field is the value of
 *   the FIRST key of the record, in the record's order, among that field's aliases
 *   (SECRETS_MANAGER_ALIASES); nothing else is read. So a record gets the canonical key of each field
 *   that none of its own keys already provides (a database record's `username` is already `login`).
 *
 * Runtime code (bundled into the rotation functions): nothing outside lib/rotation, no value in any
 * message.
 */

/** Where a record is stored: Vault KV v2 or Secrets Manager. */
export type RecordStore = "vault" | "aws";

/** An Airflow connection as a record gives it (`airflow.models.Connection`'s fields). */
export interface ToolConnection {
  readonly conn_type: string;
  readonly login?: string;
  readonly password?: string;
  readonly host?: string;
  readonly port?: number;
  readonly schema?: string;
  /** String values only: Airflow's `conn.extra_dejson`. */
  readonly extra?: Readonly<Record<string, string>>;
}

export type ToolConnectionField = keyof ToolConnection;

/** A stored record: JSON object values (strings and numbers). */
export type StoredRecord = Readonly<Record<string, unknown>>;

/** The Vault record's tool field: the connection as Airflow's URI. */
export const CONN_URI_FIELD = "conn_uri";

/**
 * The keys Airflow's SecretsManagerBackend reads for each connection field (amazon provider 9.39.0,
 * `_standardize_secret_keys`), in the order it lists them; it takes the first key of the RECORD that
 * is in the list. Exact, case-sensitive names.
 */
export const SECRETS_MANAGER_ALIASES: Readonly<Record<ToolConnectionField, readonly string[]>> = {
  login: ["login", "user", "username", "user_name"],
  password: ["password", "pass", "key"],
  host: ["host", "remote_host", "server"],
  port: ["port"],
  schema: ["database", "schema"],
  conn_type: ["conn_type", "conn_id", "connection_type", "engine"],
  extra: ["extra"],
};

/** The key a Secrets Manager record gets for a field none of its own keys provides. */
export const SECRETS_MANAGER_FIELD: Readonly<Record<ToolConnectionField, string>> = {
  conn_type: "conn_type",
  login: "login",
  password: "password",
  host: "host",
  port: "port",
  schema: "database",
  extra: "extra",
};

const CONNECTION_FIELDS: readonly ToolConnectionField[] = ["conn_type", "login", "password", "host", "port", "schema", "extra"];

/** A record that cannot carry its tool fields. Names fields, never values. */
export class RecordFieldsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecordFieldsError";
  }
}

export const RECORD_KINDS = [
  "database",
  "static-password",
  "api-key",
  "key-broker",
  "key-pair",
  "key-pair-slots",
  "ssh-key",
  "oauth-client",
  "sasl",
  "aws-iam-access-key",
  "aws-access-key",
  "cloud-access-key",
  "gcp-service-account-key",
  "generic",
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export interface RecordKindDefinition {
  /** The credentials that hold this record (prose for the table). */
  readonly holders: string;
  /** The contract's fields, `*` marking the required ones; `undefined` when the inventory names them. */
  readonly contractFields?: readonly string[];
  /** The connection fields the record may give (the table, and what Secrets Manager records get). */
  readonly fields: readonly ToolConnectionField[];
  /** The connection the record gives. */
  connection(record: StoredRecord): ToolConnection;
  /** How the connection's fields come from the record (prose for the table). */
  readonly reads: string;
}

const str = (record: StoredRecord, key: string): string | undefined => {
  const value = record[key];
  return typeof value === "string" && value.length > 0 ? value : undefined;
};

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function extraOf(entries: Record<string, string | undefined>): Record<string, string> | undefined {
  const extra = compact(entries) as Record<string, string>;
  return Object.keys(extra).length > 0 ? extra : undefined;
}

/** login / password from two fields: the common shape of key and password records. */
function loginPassword(conn_type: string, login: string, password: string) {
  return (record: StoredRecord): ToolConnection => compact({ conn_type, login: str(record, login), password: str(record, password) });
}

function privateKeyExtra(record: StoredRecord, keyField: string) {
  return extraOf({ private_key: str(record, keyField), private_key_passphrase: str(record, "passphrase") });
}

/** PostgreSQL's default database when the record names none (as the rotation functions assume). */
const DEFAULT_DATABASE: Readonly<Record<string, string>> = { postgres: "postgres" };

export const RECORD_KIND_DEFINITIONS: Readonly<Record<RecordKind, RecordKindDefinition>> = {
  database: {
    holders: "rotated-password (Secrets Manager; single-user and alternating-users)",
    fields: ["conn_type", "login", "password", "host", "port", "schema", "extra"],
    contractFields: ["engine*", "host*", "port*", "username*", "password*", "dbname", "sslmode", "masterarn"],
    connection: (record) => {
      const engine = String(record.engine);
      const port = typeof record.port === "string" ? Number(record.port) : (record.port as number | undefined);
      return compact({
        conn_type: engine,
        login: str(record, "username"),
        password: str(record, "password"),
        host: str(record, "host"),
        port,
        schema: str(record, "dbname") ?? DEFAULT_DATABASE[engine],
        // libpq's sslmode, which Airflow's PostgresHook passes on; MySQL's TLS settings are CA files the record cannot name.
        extra: engine === "postgres" ? { sslmode: str(record, "sslmode") ?? "verify-full" } : undefined,
      });
    },
    reads:
      "conn_type = engine; login = username; password; host; port; schema = dbname (PostgreSQL: `postgres` when absent); extra `{sslmode}` (PostgreSQL, default verify-full)",
  },
  "static-password": {
    holders: "static-password",
    fields: ["conn_type", "login", "password"],
    contractFields: ["password*", "username"],
    connection: loginPassword("generic", "username", "password"),
    reads: "conn_type generic; login = username; password",
  },
  "api-key": {
    holders: "api-key (no key broker)",
    fields: ["conn_type", "login", "password"],
    contractFields: ["apiKey*", "keyId"],
    connection: loginPassword("generic", "keyId", "apiKey"),
    reads: "conn_type generic; login = keyId; password = apiKey",
  },
  "key-broker": {
    holders: "api-key, sasl and key-pair with `rotation.endpoint` (the key broker's `keys` contract)",
    fields: ["conn_type", "login", "password"],
    contractFields: ["apiKey*", "keyId*", "endpoint", "kind"],
    connection: loginPassword("generic", "keyId", "apiKey"),
    reads: "conn_type generic; login = keyId (a SASL username); password = apiKey (what the broker issued)",
  },
  "key-pair": {
    holders: "key-pair (no key broker)",
    fields: ["conn_type", "extra"],
    contractFields: ["privateKey*", "publicKey", "passphrase"],
    connection: (record) => compact({ conn_type: "generic", extra: privateKeyExtra(record, "privateKey") }),
    reads: "conn_type generic; extra `{private_key, private_key_passphrase}`",
  },
  "key-pair-slots": {
    holders: "key-pair rotated through the key broker's slots",
    fields: ["conn_type", "login", "password", "extra"],
    contractFields: [
      "endpoint*",
      "privateKey*",
      "publicKeyFingerprint*",
      "slot*",
      "algorithm*",
      "kind (Secrets Manager)",
      "slots",
      "apiKey",
      "keyId",
    ],
    connection: (record) =>
      compact({
        conn_type: "generic",
        login: str(record, "keyId"),
        password: str(record, "apiKey"),
        extra: privateKeyExtra(record, "privateKey"),
      }),
    reads: "conn_type generic; extra `{private_key}`; a value seeded as the broker record keeps login = keyId, password = apiKey",
  },
  "ssh-key": {
    holders: "ssh-key (static)",
    fields: ["conn_type", "extra"],
    contractFields: ["privateKey*", "publicKey", "passphrase"],
    connection: (record) => compact({ conn_type: "ssh", extra: privateKeyExtra(record, "privateKey") }),
    reads: "conn_type ssh; extra `{private_key, private_key_passphrase}` (Airflow's SSH provider)",
  },
  "oauth-client": {
    holders: "oauth-client",
    fields: ["conn_type", "login", "password", "extra"],
    contractFields: ["clientId*", "clientSecret*", "refreshToken", "accessToken"],
    connection: (record) =>
      compact({
        conn_type: "generic",
        login: str(record, "clientId"),
        password: str(record, "clientSecret"),
        extra: extraOf({ refresh_token: str(record, "refreshToken"), access_token: str(record, "accessToken") }),
      }),
    reads: "conn_type generic; login = clientId; password = clientSecret; extra `{refresh_token, access_token}`",
  },
  sasl: {
    holders: "sasl (no key broker)",
    fields: ["conn_type", "login", "password"],
    contractFields: ["username*", "password*"],
    connection: loginPassword("generic", "username", "password"),
    reads: "conn_type generic; login = username; password",
  },
  "aws-iam-access-key": {
    holders: "cloud-access-key (aws, rotated: the aws-iam-access-key contract)",
    fields: ["conn_type", "login", "password"],
    contractFields: ["userName*", "accessKeyId*", "secretAccessKey*"],
    connection: loginPassword("aws", "accessKeyId", "secretAccessKey"),
    reads: "conn_type aws; login = accessKeyId; password = secretAccessKey (Airflow's AWS connection)",
  },
  "aws-access-key": {
    holders: "cloud-access-key (aws, static)",
    fields: ["conn_type", "login", "password"],
    contractFields: ["accessKeyId*", "secretAccessKey*"],
    connection: loginPassword("aws", "accessKeyId", "secretAccessKey"),
    reads: "conn_type aws; login = accessKeyId; password = secretAccessKey",
  },
  "cloud-access-key": {
    holders: "cloud-access-key (gcp, azure; static)",
    fields: ["conn_type", "login", "password"],
    contractFields: ["accessKeyId*", "secretAccessKey*"],
    connection: loginPassword("generic", "accessKeyId", "secretAccessKey"),
    reads: "conn_type generic; login = accessKeyId; password = secretAccessKey",
  },
  "gcp-service-account-key": {
    holders: "cloud-service-account-key (static)",
    fields: ["conn_type", "extra"],
    contractFields: ["the key file's fields (type: service_account, private_key*, client_email*, ...)"],
    connection: (record) => {
      const keyFile = Object.fromEntries(Object.entries(record).filter(([key]) => !isToolField(key)));
      return { conn_type: "google_cloud_platform", extra: { keyfile_dict: JSON.stringify(keyFile) } };
    },
    reads: "conn_type google_cloud_platform; extra `{keyfile_dict}` = the key file as JSON text (Airflow's Google provider)",
  },
  generic: {
    holders: "generic",
    fields: ["conn_type", "extra"],
    connection: (record) => {
      const fields = Object.fromEntries(
        Object.entries(record).filter(([key, value]) => !isToolField(key) && typeof value === "string"),
      ) as Record<string, string>;
      return compact({ conn_type: "generic", extra: extraOf(fields) });
    },
    reads: "conn_type generic; extra = every field of the inventory's `fields` by its name",
  },
};

/** Credentials with no stored record, and how a job gets them instead (for the table). */
export const NO_RECORD: readonly { readonly holders: string; readonly how: string }[] = [
  {
    holders: "dynamic-database",
    how: "Vault issues a login per request (`<database mount>/creds/<role>`): a job reads it there (Vault Agent templating), not from KV",
  },
  { holders: "rotated-password (Vault)", how: "Vault's database static role holds and rotates it: `<database mount>/static-creds/<role>`" },
  { holders: "certificate", how: "Vault's PKI engine issues it per request" },
  { holders: "ssh-key (signed-certificate)", how: "Vault's SSH engine signs a short-lived certificate per request" },
  { holders: "cloud-access-key, cloud-service-account-key (dynamic)", how: "Vault's cloud secrets engine issues it per request" },
  { holders: "cloud-role", how: "an IAM role the job assumes: nothing is stored" },
];

/** Every key a writer derives (never a contract field of a kind with fixed fields). */
const DERIVED_KEYS = new Set<string>([CONN_URI_FIELD, ...Object.values(SECRETS_MANAGER_FIELD)]);

function isToolField(key: string): boolean {
  return key === CONN_URI_FIELD || key === "conn_type" || key === "extra";
}

/** The contract's field names of a kind (without the `*`), or undefined when the inventory names them. */
export function contractFieldNames(kind: RecordKind): readonly string[] | undefined {
  return RECORD_KIND_DEFINITIONS[kind].contractFields?.map((field) => field.replace(/\*$/, "").replace(/ \(.*\)$/, ""));
}

/** The fields a writer adds for a kind in a store: conn_uri in Vault; in Secrets Manager the canonical key of each connection field no contract field provides. */
export function toolFieldNames(kind: RecordKind, store: RecordStore): readonly string[] {
  if (store === "vault") return [CONN_URI_FIELD];
  const contract = contractFieldNames(kind) ?? [];
  return RECORD_KIND_DEFINITIONS[kind].fields
    .filter((field) => !SECRETS_MANAGER_ALIASES[field].some((alias) => contract.includes(alias)))
    .map((field) => SECRETS_MANAGER_FIELD[field]);
}

/** The record without the fields a writer derives: what the connection is computed from. */
export function withoutToolFields(kind: RecordKind, record: StoredRecord): Record<string, unknown> {
  const contract = new Set(contractFieldNames(kind) ?? []);
  const keep = (key: string) =>
    contract.has(key) || !(kind === "generic" || kind === "gcp-service-account-key" ? isToolField(key) : DERIVED_KEYS.has(key));
  return Object.fromEntries(Object.entries(record).filter(([key]) => keep(key)));
}

/**
 * The record with its tool fields for `store`, computed from its contract fields (stale tool
 * fields of an earlier version are replaced). Contract fields come first, in their order; the
 * tool fields after them. Throws RecordFieldsError (naming fields only) when a record cannot say
 * what the tool reads.
 */
export function withToolFields<T extends object>(kind: RecordKind, store: RecordStore, record: T): T {
  const base = withoutToolFields(kind, record as StoredRecord);
  const connection = RECORD_KIND_DEFINITIONS[kind].connection(base);
  const tool = store === "vault" ? { [CONN_URI_FIELD]: connUri(connection) } : secretsManagerFields(connection, base);
  return { ...base, ...tool } as unknown as T;
}

/** The keys to add so that Airflow's alias scan of `record` reads `connection`. */
function secretsManagerFields(connection: ToolConnection, record: Record<string, unknown>): Record<string, string | number> {
  const added: Record<string, string | number> = {};
  const keys = Object.keys(record);
  for (const field of CONNECTION_FIELDS) {
    const value = field === "extra" ? (connection.extra ? JSON.stringify(connection.extra) : undefined) : connection[field];
    if (value === undefined) continue;
    // Every alias present must hold the value: which one Airflow takes depends on the stored order.
    const aliasKeys = keys.filter((key) => SECRETS_MANAGER_ALIASES[field].includes(key));
    const wrong = aliasKeys.find((key) => String(record[key]) !== String(value));
    if (wrong !== undefined) {
      throw new RecordFieldsError(
        `the record's field "${wrong}" is read by Airflow's Secrets Manager backend as the connection's ${field}, but it does not hold it; rename the field`,
      );
    }
    if (aliasKeys.length > 0) continue;
    added[SECRETS_MANAGER_FIELD[field]] = value as string | number;
  }
  return added;
}

/**
 * Percent-encodes every byte of the UTF-8 text but the URI-unreserved characters `A-Z a-z 0-9 - . _ ~`:
 * what Python's `urllib.parse.quote(text, safe="")` does, and what Airflow's `unquote` reverses.
 */
export function percentEncode(text: string, field: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    throw new RecordFieldsError(`the ${field} is not valid Unicode text (it holds a lone surrogate) and cannot be written into conn_uri`);
  }
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The connection as Airflow's URI: `<conn_type>://<login>:<password>@<host>:<port>/<schema>?__extra__=<json>`,
 * every part percent-encoded (percentEncode), `_` of the type written `-` (Airflow turns it back).
 * The extra travels as `__extra__` (Airflow's own escape) so that no value is reinterpreted as JSON.
 * Airflow lower-cases the host when it parses the URI (host names compare without case).
 */
export function connUri(connection: ToolConnection): string {
  if (!/^[a-z][a-z0-9_]*$/.test(connection.conn_type)) throw new RecordFieldsError(`conn_type must be lower-case letters, digits and _`);
  let uri = `${connection.conn_type.replace(/_/g, "-")}://`;
  let authority = "";
  if (connection.login !== undefined) authority += percentEncode(connection.login, "login");
  if (connection.password !== undefined) authority += `:${percentEncode(connection.password, "password")}`;
  if (authority !== "") uri += `${authority}@`;
  if (connection.host !== undefined) uri += percentEncode(connection.host, "host");
  if (connection.port !== undefined) {
    if (!Number.isInteger(connection.port) || connection.port < 1 || connection.port > 65535)
      throw new RecordFieldsError("port must be an integer from 1 to 65535");
    if (connection.host === undefined) throw new RecordFieldsError("a port needs a host");
    uri += `:${connection.port}`;
  }
  if (connection.schema !== undefined) uri += `/${percentEncode(connection.schema, "schema")}`;
  if (connection.extra !== undefined && Object.keys(connection.extra).length > 0) {
    uri += `${connection.schema !== undefined ? "" : "/"}?__extra__=${percentEncode(JSON.stringify(connection.extra), "extra")}`;
  }
  return uri;
}

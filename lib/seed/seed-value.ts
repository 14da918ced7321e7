import {
  CLONE_SUFFIX,
  DATABASE_ENGINES,
  DEFAULT_SSL_MODE,
  IAM_ACCESS_KEY_SECRET_KEYS,
  SSL_MODES,
  sslModeAtLeast,
  type SslMode,
} from "../rotation/contract";
import { CONN_URI_FIELD, RecordFieldsError, withToolFields, type RecordKind } from "../rotation/record-fields";
import type { CredentialPlan } from "../plan/types";
import { SeedError } from "./errors";

/*
 * What `seed` accepts on stdin for each credential kind, and the JSON it stores. Multi-field kinds
 * take a JSON object whose field names are checked against the kind (unknown or missing names are
 * refused by name, never by value). Single-value kinds also take plain text: the whole of stdin
 * (one trailing newline removed) becomes their one field.
 *
 * | kind                          | fields (required*)                                         | plain text becomes |
 * |-------------------------------|------------------------------------------------------------|--------------------|
 * | rotated-password (AWS)        | username*, password*, host, port, dbname, engine, sslmode, masterarn (the rotation contract; host, port, dbname, engine default from the inventory) | - |
 * | static-password               | password*, username                                        | password           |
 * | api-key                       | apiKey*, keyId                                             | apiKey             |
 * | oauth-client                  | clientId*, clientSecret*, refreshToken (* for refresh-token grants), accessToken (* for access-token grants) | - |
 * | key-pair, ssh-key (static)    | privateKey*, publicKey, passphrase                         | privateKey         |
 * | sasl                          | username*, password*                                       | -                  |
 * | cloud-access-key (static, rotated) | accessKeyId*, secretAccessKey*                        | -                  |
 * | cloud-access-key (aws, rotated) | userName*, accessKeyId*, secretAccessKey* (the aws-iam-access-key rotation contract) | - |
 * | cloud-service-account-key (static) | the service account key file (type: service_account) | -                  |
 * | generic                       | exactly the inventory's `fields`                           | the one field, when there is one |
 * | any kind a key broker rotates (`rotation.endpoint`: api-key, sasl, key-pair) | the broker record: apiKey*, keyId*, endpoint (see BROKER_RECORD) | - |
 *
 * Nothing to seed: dynamic-database, certificate, signed SSH certificates, dynamic cloud keys,
 * cloud roles (issued by Vault or assumed), and rotated passwords in Vault (the database static role
 * sets them).
 *
 * The stored record also carries, in the same version, the fields orchestrators read (`conn_uri` in
 * Vault, Airflow's field names in Secrets Manager): lib/rotation/record-fields.ts, by recordKindOf.
 * They are derived, never accepted on stdin.
 */

export type SeedRecord = Readonly<Record<string, string | number>>;

interface Shape {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  /** Field that plain (non-JSON) text fills. */
  readonly plain?: string;
}

/** Why a credential has nothing to seed, or undefined when it has. */
export function nothingToSeed(plan: CredentialPlan): string | undefined {
  const c = plan.credential;
  switch (c.type) {
    case "dynamic-database":
      return "Vault issues its credentials per request (dynamic database role): there is no value to seed";
    case "certificate":
      return "Vault's PKI engine issues its certificates per request: there is no value to seed";
    case "cloud-role":
      return "it is an IAM role the consumer assumes: there is no stored value";
    case "ssh-key":
      return c.mode === "signed-certificate"
        ? "Vault's SSH engine signs short-lived certificates per request: there is no value to seed"
        : undefined;
    case "cloud-access-key":
      return c.mode === "dynamic" ? "Vault's cloud secrets engine issues its keys per request: there is no value to seed" : undefined;
    case "cloud-service-account-key":
      return c.mode === "dynamic" ? "Vault's GCP secrets engine issues its keys per request: there is no value to seed" : undefined;
    case "rotated-password":
      return plan.store === "vault"
        ? "Vault's database static role sets and rotates its password (`vault write -f database/rotate-role/<role>`): there is no value to seed"
        : undefined;
    default:
      return undefined;
  }
}

/**
 * A credential a key broker rotates (`rotation.endpoint`) holds the broker's record, the shape the
 * rotation functions read and write (lib/rotation/README.md): `keyId` names the key at the broker
 * (for SASL, the username) and `apiKey` carries what the broker issued (an API key, a SASL
 * password, a PEM private key). Seeding any other shape would break the first rotation.
 */
const BROKER_RECORD: Shape = { required: ["apiKey", "keyId"], optional: ["endpoint", "kind"] };

function shapeOf(plan: CredentialPlan): Shape {
  const c = plan.credential;
  if (plan.rotation.mode === "broker" && (c.type === "api-key" || c.type === "sasl" || c.type === "key-pair")) return BROKER_RECORD;
  switch (c.type) {
    case "rotated-password":
      return { required: ["username", "password"], optional: ["host", "port", "dbname", "engine", "sslmode", "masterarn"] };
    case "static-password":
      return { required: ["password"], optional: ["username"], plain: "password" };
    case "api-key":
      return { required: ["apiKey"], optional: ["keyId"], plain: "apiKey" };
    case "oauth-client": {
      const required = [
        "clientId",
        "clientSecret",
        ...(c.grant === "refresh-token" ? ["refreshToken"] : c.grant === "access-token" ? ["accessToken"] : []),
      ];
      return { required, optional: ["refreshToken", "accessToken"].filter((f) => !required.includes(f)) };
    }
    case "key-pair":
    case "ssh-key":
      return { required: ["privateKey"], optional: ["publicKey", "passphrase"], plain: "privateKey" };
    case "sasl":
      return { required: ["username", "password"], optional: [] };
    case "cloud-access-key":
      // Rotated AWS keys are the aws-iam-access-key rotation contract: the function needs the user.
      return plan.rotation.mode === "secrets-manager" && plan.rotation.target === "aws-iam-access-key"
        ? { required: [...IAM_ACCESS_KEY_SECRET_KEYS], optional: [] }
        : { required: ["accessKeyId", "secretAccessKey"], optional: [] };
    case "generic":
      return { required: [...c.fields], optional: [], plain: c.fields.length === 1 ? c.fields[0] : undefined };
    default:
      return { required: [], optional: [] };
  }
}

const ENGINE_OF_SYSTEM: Readonly<Record<string, (typeof DATABASE_ENGINES)[number]>> = {
  postgresql: "postgres",
  mysql: "mysql",
  mariadb: "mariadb",
};

/** Every string field of a record: what error messages must never show. */
export function secretStrings(record: SeedRecord): string[] {
  return Object.values(record).filter((v): v is string => typeof v === "string");
}

/**
 * Turns stdin into the record to store, checked against the credential kind. Errors name fields,
 * never values; a JSON parse error is reported without the parser's message (it quotes the text).
 */
export function parseSeedValue(plan: CredentialPlan, raw: string): SeedRecord {
  const text = raw.replace(/\r?\n$/, "");
  if (text.trim() === "") throw new SeedError("stdin is empty: pipe the value in (for example from a password manager's CLI)", "usage");
  const c = plan.credential;
  const shape = shapeOf(plan);
  const where = `${plan.id} (${c.type})`;
  if (c.type === "generic") {
    // These names are the orchestrators' (record-fields.ts): a field of that name would be overwritten.
    const taken = c.fields.filter((field) => [CONN_URI_FIELD, "conn_type", "extra"].includes(field));
    if (taken.length > 0)
      throw new SeedError(
        `${where}: field(s) ${taken.map((f) => `"${f}"`).join(", ")} of the inventory's fields are written by etl-secrets for orchestrators; rename them`,
        "usage",
      );
  }
  const looksJson = /^\s*\{/.test(text);
  let record: Record<string, unknown>;
  if (looksJson) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error();
      record = parsed as Record<string, unknown>;
    } catch {
      throw new SeedError(
        `${where}: stdin starts with "{" but is not a JSON object (the parser's message is not shown: it would quote the value)`,
        "usage",
      );
    }
  } else if (shape.plain) {
    record = { [shape.plain]: text };
  } else if (c.type === "cloud-service-account-key") {
    throw new SeedError(`${where}: expected the service account key file (a JSON object) on stdin`, "usage");
  } else {
    throw new SeedError(`${where}: expected a JSON object with ${describeFields(shape)} on stdin`, "usage");
  }

  if (c.type === "cloud-service-account-key") {
    if (record.type !== "service_account" || typeof record.private_key !== "string" || typeof record.client_email !== "string") {
      throw new SeedError(
        `${where}: expected a service account key file: "type": "service_account" with "private_key" and "client_email"`,
        "usage",
      );
    }
    return Object.fromEntries(Object.entries(record).filter(([, v]) => typeof v === "string" || typeof v === "number")) as SeedRecord;
  }

  const allowed = new Set([...shape.required, ...shape.optional]);
  const unknown = Object.keys(record)
    .filter((k) => !allowed.has(k))
    .sort();
  if (unknown.length > 0)
    throw new SeedError(
      `${where}: unknown field(s) ${unknown.map((k) => `"${k}"`).join(", ")}; expected ${describeFields(shape)}`,
      "usage",
    );
  const missing = shape.required.filter((k) => record[k] === undefined || record[k] === "");
  if (missing.length > 0)
    throw new SeedError(
      `${where}: missing field(s) ${missing.map((k) => `"${k}"`).join(", ")}; expected ${describeFields(shape)}`,
      "usage",
    );
  for (const [key, value] of Object.entries(record)) {
    if (key === "port" ? !isPort(value) : typeof value !== "string") {
      throw new SeedError(`${where}: field "${key}" must be ${key === "port" ? "an integer from 1 to 65535" : "a string"}`, "usage");
    }
  }
  return c.type === "rotated-password"
    ? withDatabaseDefaults(plan, record as Record<string, string | number>, where)
    : withKindDefaults(plan, record as Record<string, string>);
}

function isPort(value: unknown): boolean {
  const port = typeof value === "string" ? Number(value) : value;
  return typeof port === "number" && Number.isInteger(port) && port >= 1 && port <= 65535;
}

function describeFields(shape: Shape): string {
  const fields = [...shape.required.map((f) => `"${f}"`), ...shape.optional.map((f) => `"${f}" (optional)`)].join(", ");
  return shape.plain ? `${fields}, or the ${shape.plain} as plain text` : fields;
}

/** The rotation contract's database secret, filled from the inventory where stdin left fields out. */
function withDatabaseDefaults(plan: CredentialPlan, record: Record<string, string | number>, where: string): SeedRecord {
  if (plan.credential.type !== "rotated-password") return record;
  const database = plan.credential.database;
  const engine = (record.engine as string | undefined) ?? ENGINE_OF_SYSTEM[plan.system];
  if (!engine || !(DATABASE_ENGINES as readonly string[]).includes(engine)) {
    throw new SeedError(`${where}: "engine" must be one of ${DATABASE_ENGINES.join(", ")}`, "usage");
  }
  if (record.sslmode !== undefined && !(SSL_MODES as readonly string[]).includes(record.sslmode as string)) {
    throw new SeedError(`${where}: "sslmode" must be one of ${SSL_MODES.join(", ")}`, "usage");
  }
  // The secret's rotation pins come from the same inventory fields: a value that disagrees with
  // them would be refused by the first rotation, so seed refuses it now (by field, never by value).
  if (database.username) {
    const pair =
      plan.credential.strategy === "alternating-users" ? [database.username, `${database.username}${CLONE_SUFFIX}`] : [database.username];
    if (!pair.includes(record.username as string)) {
      throw new SeedError(`${where}: "username" differs from the inventory's database.username (${pair.join(" or ")})`, "usage");
    }
  }
  const declaredPort = database.port ?? (engine === "postgres" ? 5432 : 3306);
  const declaredDatabase = database.name ?? (engine === "postgres" ? "postgres" : undefined);
  for (const [field, given, declared] of [
    ["host", record.host, database.host],
    ["port", record.port === undefined ? undefined : Number(record.port), declaredPort],
    ["dbname", record.dbname, declaredDatabase],
  ] as const) {
    if (given !== undefined && given !== declared) {
      throw new SeedError(
        `${where}: "${field}" differs from the inventory's database ${field === "dbname" ? "name" : field} (rotation acts only on the declared one)`,
        "usage",
      );
    }
  }
  const weakest: SslMode = plan.credential.allowPlaintext === true ? "disable" : (plan.credential.tls ?? DEFAULT_SSL_MODE);
  if (record.sslmode !== undefined && !sslModeAtLeast(record.sslmode as SslMode, weakest)) {
    throw new SeedError(
      `${where}: "sslmode" ${record.sslmode} is weaker than the inventory allows (${weakest}; see tls and allowPlaintext)`,
      "usage",
    );
  }
  const port = record.port ?? database.port ?? (engine === "postgres" ? 5432 : 3306);
  const out: Record<string, string | number> = {
    engine,
    host: (record.host as string | undefined) ?? database.host,
    port: typeof port === "string" ? Number(port) : port,
    username: record.username,
    password: record.password,
  };
  const dbname = (record.dbname as string | undefined) ?? database.name;
  if (dbname) out.dbname = dbname;
  if (record.sslmode) out.sslmode = record.sslmode;
  if (record.masterarn) out.masterarn = record.masterarn;
  return out;
}

function withKindDefaults(plan: CredentialPlan, record: Record<string, string>): SeedRecord {
  const c = plan.credential;
  if (c.type === "api-key" && plan.rotation.mode === "broker") {
    // The key-broker rotation contract: { kind, endpoint, keyId, apiKey }.
    return { kind: "api-key", endpoint: record.endpoint ?? plan.rotation.endpoint ?? "", keyId: record.keyId, apiKey: record.apiKey };
  }
  if (c.type === "cloud-access-key" && plan.rotation.target === "aws-iam-access-key") {
    // The aws-iam-access-key rotation contract, in its own key order.
    return { userName: record.userName, accessKeyId: record.accessKeyId, secretAccessKey: record.secretAccessKey };
  }
  return record;
}

/** The record kind (lib/rotation/record-fields.ts) a credential's stored value is; undefined when nothing is stored. */
export function recordKindOf(plan: CredentialPlan): RecordKind | undefined {
  if (nothingToSeed(plan)) return undefined;
  const c = plan.credential;
  if (plan.rotation.mode === "broker" && (c.type === "api-key" || c.type === "sasl" || c.type === "key-pair")) return "key-broker";
  switch (c.type) {
    case "rotated-password":
      return "database";
    case "static-password":
      return "static-password";
    case "api-key":
      return "api-key";
    case "oauth-client":
      return "oauth-client";
    case "key-pair":
      return "key-pair";
    case "ssh-key":
      return "ssh-key";
    case "sasl":
      return "sasl";
    case "cloud-access-key":
      if (c.provider !== "aws") return "cloud-access-key";
      return plan.rotation.mode === "secrets-manager" && plan.rotation.target === "aws-iam-access-key"
        ? "aws-iam-access-key"
        : "aws-access-key";
    case "cloud-service-account-key":
      return "gcp-service-account-key";
    case "generic":
      return "generic";
    default:
      return undefined;
  }
}

/**
 * The record as stored: the contract's fields, then the fields the orchestrators read for the
 * credential's store (record-fields.ts). Errors name fields, never values.
 */
export function withRecordToolFields(plan: CredentialPlan, record: SeedRecord): SeedRecord {
  const kind = recordKindOf(plan);
  if (!kind) return record;
  try {
    return withToolFields(kind, plan.store === "vault" ? "vault" : "aws", record);
  } catch (error) {
    if (error instanceof RecordFieldsError) throw new SeedError(`${plan.id} (${plan.type}): ${error.message}`, "usage");
    throw error;
  }
}

/** The inventory field that tells rotation a value exists, when the kind has one and it is false. */
export function seededFlagReminder(plan: CredentialPlan): string | undefined {
  const c = plan.credential as { seeded?: boolean };
  // Only where rotation waits for the flag (Secrets Manager rotation, AWS-side key brokers).
  if (c.seeded !== false || plan.rotation.enabled || !plan.rotation.exemption?.includes("not yet seeded")) return undefined;
  const path =
    plan.name === "main"
      ? `connectors[${plan.connectorId}].credential.seeded`
      : `connectors[${plan.connectorId}].credentials.${plan.name}.seeded`;
  return `set ${path}: true in the inventory, then synth and apply: rotation waits for it`;
}

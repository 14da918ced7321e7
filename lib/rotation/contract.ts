/**
 * The contract between the rotation Lambda and whoever deploys it: environment variables, the JSON
 * shape of the secrets it rotates, and the values it defaults to. The AWS constructs import these
 * names instead of spelling strings of their own. Runtime code: no cdktf, nothing outside lib/rotation.
 */

/** Environment variables the rotation function reads (all optional). */
export const ROTATION_ENVIRONMENT = {
  /** Length of generated passwords; set it from the credential's class (critical 48, high 40, else 32). */
  passwordLength: "PASSWORD_LENGTH",
  /** Characters GetRandomPassword must not use; defaults to every punctuation mark but `-_.~`. */
  excludeCharacters: "EXCLUDE_CHARACTERS",
  /** "true" lets a secret with `sslmode: "disable"` connect without TLS. Non-production only. */
  allowPlaintextDatabase: "ALLOW_PLAINTEXT_DATABASE",
  /** Secrets Manager endpoint (VPC endpoint URL); the SDK's regional default otherwise. */
  secretsManagerEndpoint: "SECRETS_MANAGER_ENDPOINT",
  /** PEM bundle trusted for database TLS, in addition to Node's roots (e.g. /var/runtime/ca-cert.pem for RDS). */
  databaseCaFile: "DATABASE_CA_FILE",
  /** PEM bundle trusted for the key broker's HTTPS, in addition to Node's roots. */
  keyBrokerCaFile: "KEY_BROKER_CA_FILE",
  /** Seconds allowed for one database or broker connection before the step fails (default 10). */
  connectTimeoutSeconds: "CONNECT_TIMEOUT_SECONDS",
  /** IAM endpoint (aws-iam-access-key); the partition's global endpoint otherwise. */
  iamEndpoint: "IAM_ENDPOINT",
  /** STS endpoint (aws-iam-access-key verifies new keys with GetCallerIdentity); the regional endpoint otherwise. */
  stsEndpoint: "STS_ENDPOINT",
} as const;

export type RotationEnvironmentVariable = (typeof ROTATION_ENVIRONMENT)[keyof typeof ROTATION_ENVIRONMENT];

/** Password length when PASSWORD_LENGTH is unset: the class table's floor (moderate and low). */
export const DEFAULT_PASSWORD_LENGTH = 32;
/** Shorter passwords are refused; 4096 is GetRandomPassword's own maximum. */
export const PASSWORD_LENGTH_LIMITS = { min: 32, max: 4096 } as const;

/** Punctuation that survives URIs, libpq strings, .pgpass, JDBC URLs and shell quoting unescaped. */
export const URI_UNRESERVED_PUNCTUATION = "-_.~";
/** GetRandomPassword's punctuation set (ASCII printable, no letters or digits). */
const GET_RANDOM_PASSWORD_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
/** Default EXCLUDE_CHARACTERS: every punctuation mark GetRandomPassword knows except `-_.~`. */
export const DEFAULT_EXCLUDE_CHARACTERS = [...GET_RANDOM_PASSWORD_PUNCTUATION]
  .filter((character) => !URI_UNRESERVED_PUNCTUATION.includes(character))
  .join("");
/** What a password made with the defaults consists of. */
export const URI_UNRESERVED_PASSWORD = /^[A-Za-z0-9\-_.~]+$/;

/**
 * TLS modes of a database secret, libpq's names, strongest first. Anything weaker than `verify-full`
 * must be allowed by the secret's `rotation-tls` pin; `disable` also needs ALLOW_PLAINTEXT_DATABASE=true.
 */
export const SSL_MODES = ["verify-full", "verify-ca", "require", "disable"] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** True when `mode` checks at least what `minimum` checks (verify-full > verify-ca > require > disable). */
export function sslModeAtLeast(mode: SslMode, minimum: SslMode): boolean {
  return SSL_MODES.indexOf(mode) <= SSL_MODES.indexOf(minimum);
}

/**
 * Tags Terraform puts on a rotated database secret: what the rotation function may act on. Writers
 * of the value (seed, consumers writing back, the function itself) have no
 * `secretsmanager:TagResource`, so a value can't move its own rotation to another user or server;
 * the function reads them with DescribeSecret and refuses a secret whose pins are missing or
 * disagree with the value. One map per secret would outgrow the shared function's 4 KB environment.
 */
export const ROTATION_PIN_TAGS = {
  /** The declared login (the base user of alternating users; `<user>_clone` is its only partner). */
  user: "rotation-user",
  host: "rotation-host",
  port: "rotation-port",
  /** Database name; empty for a MySQL/MariaDB secret without one. PostgreSQL's default is `postgres`. */
  database: "rotation-database",
  /** The weakest TLS mode the rotation may use (`verify-full` unless the inventory opts out). */
  tls: "rotation-tls",
} as const;

/** Database user names rotation accepts: a letter or `_`, then letters, digits, `_`, `.`, `-`. Checked before any SQL. */
export const DATABASE_USERNAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Administrative accounts of PostgreSQL, MySQL, MariaDB and the managed services (RDS, Aurora, Cloud
 * SQL, Azure): rotation never sets their passwords, as a declared user or a clone. Compared
 * case-insensitively. The master connector's own user is refused as well.
 */
export const RESERVED_DATABASE_USERS = [
  "admin",
  "azure_pg_admin",
  "azure_superuser",
  "cloudsqladmin",
  "cloudsqlsuperuser",
  "mariadb.sys",
  "mysql.infoschema",
  "mysql.session",
  "mysql.sys",
  "postgres",
  "rds_superuser",
  "rdsadmin",
  "rdsproxyadmin",
  "rdsrepladmin",
  "root",
] as const;

/**
 * PEM bundle of the Lambda Node.js runtime that holds the Amazon RDS certificate authorities. Node 20
 * runtimes no longer load it by default; the rotation functions set NODE_EXTRA_CA_CERTS to it, so
 * `verify-full` works against RDS and Aurora with no bundle of our own.
 */
export const LAMBDA_RDS_CA_BUNDLE = "/var/runtime/ca-cert.pem";
/** Default when a database secret has no `sslmode`: TLS with chain and host name verified. */
export const DEFAULT_SSL_MODE: SslMode = "verify-full";

export const DATABASE_ENGINES = ["postgres", "mysql", "mariadb"] as const;
export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];

/** Suffix of the second user in alternating-users rotation: `app` and `app_clone`. */
export const CLONE_SUFFIX = "_clone";

/**
 * A database secret's JSON (the shape AWS's own rotation templates use, plus `sslmode`).
 * `masterarn` names the secret of a user allowed to manage the pair, for alternating users only.
 */
export interface DatabaseSecret {
  readonly engine: DatabaseEngine;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** @default "postgres" for PostgreSQL; none for MySQL */
  readonly dbname?: string;
  /** @default "verify-full" */
  readonly sslmode?: SslMode;
  readonly masterarn?: string;
}

/** The keys of a database secret, in the order the function writes them. */
export const DATABASE_SECRET_KEYS = ["engine", "host", "port", "username", "password", "dbname", "sslmode", "masterarn"] as const;

/**
 * An API key secret. `endpoint` is the connector's HTTPS key broker, `keyId` names the key at the
 * broker and `apiKey` is the key itself.
 */
export interface ApiKeySecret {
  readonly kind: "api-key";
  readonly endpoint: string;
  readonly keyId: string;
  readonly apiKey: string;
}

export const API_KEY_SECRET_KEYS = ["kind", "endpoint", "keyId", "apiKey"] as const;

/**
 * An IAM user's access key (`aws-iam-access-key`). The user keeps at most two keys: during a
 * rotation the current one and the pending one; finishSecret deletes the previous one.
 */
export interface IamAccessKeySecret {
  readonly userName: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export const IAM_ACCESS_KEY_SECRET_KEYS = ["userName", "accessKeyId", "secretAccessKey"] as const;

/**
 * The key broker's HTTPS contract, relative to the secret's `endpoint`. Every call authenticates with
 * `Authorization: Bearer <apiKey>`.
 * - create: POST `keys` with header `Idempotency-Key: <ClientRequestToken>`, answers 200/201
 *   `{"keyId": "...", "apiKey": "..."}`; the same idempotency key must return the same key.
 * - verify: GET `keys/self` with the new key, answers 200 `{"keyId": "..."}`.
 * - revoke: DELETE `keys/<keyId>` with the new key, answers 204 (404 means already revoked).
 */
export const KEY_BROKER_PATHS = {
  create: "keys",
  verify: "keys/self",
  revoke: (keyId: string) => `keys/${encodeURIComponent(keyId)}`,
} as const;

/** The four steps Secrets Manager invokes, in order. */
export const ROTATION_STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

/** The event Secrets Manager sends each step. */
export interface RotationEvent {
  readonly Step: RotationStep;
  readonly SecretId: string;
  readonly ClientRequestToken: string;
}

/** `source` of the schedule event that rotates Vault-stored broker credentials (key-broker bundle). */
export const VAULT_SCHEDULE_SOURCE = "etl-secrets.schedule";

/** One Vault-stored broker credential in a schedule event: where it is and how to log in. */
export interface VaultBrokerCredential {
  /** Vault's address, e.g. `https://vault.example:8200`. */
  readonly vaultAddress: string;
  /** The environment's namespace (Vault Enterprise / HCP); omitted or empty on Vault CE. */
  readonly namespace?: string;
  /** KV v2 mount path, e.g. `kv` or `dev/kv`. */
  readonly kvMount: string;
  /** Key inside the mount, e.g. `connectors/snowflake-loader/main`. */
  readonly key: string;
  /** The key broker (HTTPS); the stored value may not name another. */
  readonly endpoint: string;
  /** Path of the AWS auth mount, e.g. `aws` or `dev/aws`. */
  readonly authMount: string;
  /** The AWS auth role bound to the function's execution role. */
  readonly role: string;
}

/** What the EventBridge schedule rule sends (its constant input). */
export interface VaultScheduleEvent {
  readonly source: typeof VAULT_SCHEDULE_SOURCE;
  readonly credentials: readonly VaultBrokerCredential[];
}

/**
 * A Vault version younger than this is not rotated again: a retried or duplicate scheduled run only
 * finishes the last rotation (revokes the previous key). Far below any rotation period.
 */
export const VAULT_ROTATION_MIN_AGE_SECONDS = 3600;

export const STAGE = { current: "AWSCURRENT", pending: "AWSPENDING", previous: "AWSPREVIOUS" } as const;

/** One Lambda bundle per target: each carries only the driver it needs. */
export const ROTATION_TARGETS = [
  "postgresql-single-user",
  "postgresql-alternating-users",
  "mysql-single-user",
  "mysql-alternating-users",
  "key-broker",
  "aws-iam-access-key",
] as const;
export type RotationTarget = (typeof ROTATION_TARGETS)[number];

/** The handler name every bundle exports (`index.js`, export `handler`). */
export const ROTATION_HANDLER = "index.handler";
/**
 * The Lambda runtime of every function the library ships (rotation and notifier), and the Node
 * version its bundles are built for: inside AWS's support window (checked by ETL-AWS-002).
 */
export const LAMBDA_RUNTIME = "nodejs22.x";
export const LAMBDA_NODE_TARGET = "node22";
export const ROTATION_RUNTIME = LAMBDA_RUNTIME;

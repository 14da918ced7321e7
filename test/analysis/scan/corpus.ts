/*
 * The scan test corpus, built at run time: every secret-shaped string is concatenated from pieces
 * here, so the repository holds no literal that a secret scanner (or the pre-stop hook) would flag.
 * Values come from a seeded generator: the corpus is the same on every run.
 */

export interface CorpusEntry {
  /** Readable name; also used as the file path of the text. */
  readonly name: string;
  readonly text: string;
}

/** mulberry32: small, seeded, deterministic. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = generator(20260106);
const ALPHABETS = {
  base62: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
  base64: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
  base64url: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
  upperDigits: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
  hex: "0123456789abcdef",
  password: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~",
};

function pick(alphabet: keyof typeof ALPHABETS, length: number): string {
  const chars = ALPHABETS[alphabet];
  let out = "";
  for (let i = 0; i < length; i++) out += chars[Math.floor(random() * chars.length)];
  return out;
}

/** Random base62 that mixes digits, lower and upper case (as real tokens do). */
function mixed(length: number): string {
  for (;;) {
    const value = pick("base62", length);
    if (/[0-9]/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value)) return value;
  }
}

function password(length = 24): string {
  for (;;) {
    const value = pick("password", length);
    if (/[0-9]/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value)) return value;
  }
}

const uuid = () => `${pick("hex", 8)}-${pick("hex", 4)}-4${pick("hex", 3)}-a${pick("hex", 3)}-${pick("hex", 12)}`;
const at = "@";
const colonSlashes = ":" + "//";

// Pieces of prefixes that scanners know; never written whole in this file.
const vaultPrefix = (kind: "s" | "b" | "r") => "hv" + kind + ".";
const legacyToken = () => "s" + "." + mixed(24);
const awsKeyId = () => "AK" + "IA" + pick("upperDigits", 16);
const dashes = "-".repeat(5);
const pemBlock = (label: string, bodyLines = 12, joiner = "\n", indent = "") => {
  const body = Array.from({ length: bodyLines }, () => indent + pick("base64", 64)).join(joiner);
  const keyWords = ["PRIVATE", "KEY"].join(" ");
  const head = `${dashes}BEGIN ${label ? label + " " : ""}${keyWords}${dashes}`;
  const foot = `${dashes}END ${label ? label + " " : ""}${keyWords}${dashes}`;
  return `${head}${joiner}${body}${joiner}${indent}${foot}`;
};
const uri = (scheme: string, user: string, secret: string, rest: string) => `${scheme}${colonSlashes}${user}:${secret}${at}${rest}`;

/** At least 50 credential samples of the kinds an ETL estate leaks, each in a realistic context. */
export function credentialSamples(): CorpusEntry[] {
  const s: CorpusEntry[] = [];
  const add = (name: string, text: string) => s.push({ name: `samples/${String(s.length + 1).padStart(2, "0")}-${name}`, text });

  // Vault tokens
  add(
    "vault-service-token.env",
    `VAULT_ADDR=https${colonSlashes}vault.acme.example:8200\nVAULT_TOKEN=${vaultPrefix("s")}CAESI${pick("base64url", 86)}\n`,
  );
  add(
    "vault-service-token.yaml",
    `vault:\n  address: https${colonSlashes}vault.acme.example:8200\n  token: ${vaultPrefix("s")}${pick("base64url", 90)}\n`,
  );
  add(
    "vault-service-token.sh",
    `#!/bin/sh\nexport VAULT_TOKEN="${vaultPrefix("s")}${pick("base64url", 92)}"\nvault kv get kv/connectors/x/main\n`,
  );
  add(
    "vault-service-token.log",
    `2026-01-06T10:00:00Z DEBUG http request GET /v1/sys/health headers={"X-Vault-Token": "${vaultPrefix("s")}${pick("base64url", 95)}"}\n`,
  );
  add("vault-service-token.json", `{"auth": {"client_token": "${vaultPrefix("s")}${pick("base64url", 95)}", "lease_duration": 3600}}\n`);
  add("vault-batch-token.json", `{"auth": {"client_token": "${vaultPrefix("b")}AAAAAQ${pick("base64url", 120)}", "orphan": true}}\n`);
  add("vault-batch-token.py", `client = hvac.Client(url=VAULT_ADDR, token="${vaultPrefix("b")}AAAAAQ${pick("base64url", 110)}")\n`);
  add("vault-batch-token.log", `level=info msg="renewed" token=${vaultPrefix("b")}AAAAAQ${pick("base64url", 100)}\n`);
  add("vault-recovery-token.txt", `Generated recovery token: ${vaultPrefix("r")}${pick("base64url", 60)}\n`);
  add("vault-recovery-token.md", `Use \`${vaultPrefix("r")}${pick("base64url", 48)}\` for the recovery operation.\n`);
  add("vault-legacy-token.sh", `vault login ${legacyToken()}\n`);
  add("vault-legacy-token.env", `VAULT_TOKEN=${legacyToken()}\n`);
  add("vault-legacy-token.log", `auth ok: token ${legacyToken()} policies=[etl-prod-operator]\n`);
  add("vault-approle-secret-id.sh", `vault write auth/approle/login role_id=${uuid()} secret_id=${uuid()}\n`);
  add("vault-approle-secret-id.yaml", `approle:\n  roleId: "${uuid()}"\n  secretId: "${uuid()}"\n`);

  // Snowflake
  add(
    "snowflake-uri.py",
    `engine = create_engine("${uri("snowflake", "ETL_LOADER", password(), "xy12345.eu-west-1/ANALYTICS/PUBLIC?warehouse=LOAD_WH")}")\n`,
  );
  add("snowflake-uri.yaml", `target:\n  url: ${uri("snowflake", "dbt_runner", password(20), "acme-prod/RAW")}\n`);
  add("snowflake-uri.env", `SNOWFLAKE_URL=${uri("snowflake", "loader", password(28), "ab12345/DB")}\n`);
  add("snowflake-uri.log", `connecting to ${uri("snowflake", "svc_etl", password(16), "acme.eu-central-1/WH")} (attempt 2)\n`);
  add("snowflake-password.env", `SNOWFLAKE_ACCOUNT=xy12345\nSNOWFLAKE_USER=ETL\nSNOWFLAKE_PASSWORD=${password()}\n`);
  add("snowsql-pwd.sh", `export SNOWSQL_PWD='${password(18)}'\nsnowsql -a xy12345 -u etl\n`);
  add(
    "snowflake-odbc.ini",
    `[snowflake]\nDriver=SnowflakeDSIIDriver;Server=xy12345.snowflakecomputing.com;account=xy12345;uid=ETL;pwd=${password(20)}\n`,
  );
  add(
    "snowflake-connect.py",
    `conn = snowflake.connector.connect(user="ETL", password="${password(14)}", account="xy12345", warehouse="LOAD_WH")\n`,
  );
  add("snowflake-passphrase.env", `SNOWFLAKE_PRIVATE_KEY_PASSPHRASE=${password(30)}\n`);

  // JDBC URLs with passwords
  add(
    "jdbc-postgresql.properties",
    `spring.datasource.url=jdbc:postgresql://orders-db.internal:5432/orders?user=etl&password=${password()}&sslmode=verify-full\n`,
  );
  add("jdbc-mysql.yaml", `url: "jdbc:mysql://etl:${password(18)}${at}billing-db.internal:3306/billing"\n`);
  add(
    "jdbc-sqlserver.conf",
    `connection.url = "jdbc:sqlserver://erp.internal:1433;databaseName=ledger;user=etl;password=${password(16)};encrypt=true"\n`,
  );
  add("jdbc-oracle.properties", `db.url=jdbc:oracle:thin:etl/${password(12)}${at}erp-ora.internal:1521:LEDGER\n`);
  add(
    "jdbc-snowflake.json",
    `{"connection.url": "jdbc:snowflake://xy12345.snowflakecomputing.com/?user=ETL&password=${password(22)}&warehouse=WH"}\n`,
  );
  add("jdbc-redshift.py", `URL = "jdbc:redshift://finance.redshift.internal:5439/finance;UID=etl;PWD=${password(20)}"\n`);
  add("jdbc-mariadb.log", `INFO  HikariPool-1 - Starting with jdbc:mariadb://db.internal/app?user=app&password=${password(26)}\n`);
  add(
    "jdbc-debezium.json",
    `{"name": "orders-cdc", "config": {"database.url": "jdbc:postgresql://db:5432/orders;password=${password(24)}"}}\n`,
  );

  // Private keys
  add("rsa-key.pem", pemBlock("RSA") + "\n");
  add("pkcs8-key.pem", pemBlock("") + "\n");
  add("ec-key.pem", pemBlock("EC", 3) + "\n");
  add("openssh-key", pemBlock("OPENSSH", 7) + "\n");
  add("encrypted-key.pem", pemBlock("ENCRYPTED", 14) + "\n");
  add("dsa-key.pem", pemBlock("DSA", 10) + "\n");
  add(
    "gcp-service-account.json",
    `{"type": "service_account", "project_id": "acme-analytics", "private_key": "${pemBlock("", 16, "\\n")}\\n", "client_email": "etl@acme-analytics.iam.gserviceaccount.com"}\n`,
  );
  add(
    "tunnel-key.yaml",
    `tunnel:\n  host: bastion.acme.example\n  privateKey: |\n    ${pemBlock("OPENSSH", 6, "\n", "    ").trimStart()}\n`,
  );
  add(
    "pgp-key.asc",
    `${dashes}BEGIN PGP ${["PRIVATE", "KEY"].join(" ")} BLOCK${dashes}\n\n${Array.from({ length: 8 }, () => pick("base64", 64)).join("\n")}\n${dashes}END PGP ${["PRIVATE", "KEY"].join(" ")} BLOCK${dashes}\n`,
  );

  // What secretlint's recommended preset knows
  add("postgres-uri.env", `DATABASE_URL=${uri("postgres", "etl", password(), "orders-db.internal:5432/orders")}\n`);
  add(
    "postgresql-uri.yaml",
    `dsn: ${uri("postgresql", "archiver", password(20), "orders-db.prod.internal/orders_archive?sslmode=verify-full")}\n`,
  );
  add("mysql-uri.py", `BILLING = "${uri("mysql", "billing_sync", password(18), "billing-db.internal:3306/billing")}"\n`);
  add("mongodb-uri.env", `MONGO_URL=${uri("mongodb+srv", "etl", password(22), "cluster0.ab1cd.mongodb.net/events")}\n`);
  add("aws-access-key.ini", `[default]\naws_access_key_id = ${awsKeyId()}\nregion = eu-west-1\n`);
  add("aws-secret-key.ini", `[etl]\naws_secret_access_key = ${pick("base64", 40)}\n`);
  add("github-token.env", `GITHUB_TOKEN=${"gh" + "p_"}${mixed(36)}\n`);
  add(
    "slack-token.yaml",
    `alerts:\n  slack_bot: ${"xo" + "xb-"}${pick("hex", 0)}${Math.floor(random() * 9e11 + 1e11)}-${Math.floor(random() * 9e12 + 1e12)}-${mixed(24)}\n`,
  );
  add("sendgrid-key.env", `MAIL_KEY=${"S" + "G."}${pick("base64url", 22)}.${pick("base64url", 43)}\n`);
  add("basic-auth-url.txt", `curl ${uri("https", "etl-bot", password(20), "artifacts.acme.example/repo/file.tgz")}\n`);
  add("npm-token.npmrc", `//registry.npmjs.org/:_authToken=${"np" + "m_"}${mixed(36)}\n`);

  // Generic assignments with high-entropy values
  add("generic-password.env", `DB_HOST=billing-db.internal\nDB_PASSWORD=${password(24)}\n`);
  add("generic-client-secret.yaml", `oauth:\n  client_id: etl-crm-sync\n  client_secret: "${mixed(40)}"\n`);
  add("generic-api-key.json", `{"endpoint": "https${colonSlashes}api.stripe.example", "apiKey": "${mixed(32)}"}\n`);
  add("generic-password.sh", `export PGPASSWORD='${password(20)}'\npsql -h orders-db.internal -U etl orders\n`);
  add("generic-password.tfvars", `db_username = "etl"\ndb_password = "${password(28)}"\n`);
  add("generic-api-token.py", `API_TOKEN = "${mixed(40)}"\n`);
  add("netsuite-secrets.yaml", `consumer_key: ${pick("hex", 64)}\nconsumer_secret: ${pick("hex", 64)}\ntoken_secret: ${pick("hex", 64)}\n`);
  add("generic-token.log", `2026-01-06 10:00:00 DEBUG refresh ok refresh_token=${mixed(48)} expires_in=3600\n`);
  add(
    "kafka-sasl.properties",
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="etl" password="${password(30)}";\n`,
  );
  return s;
}

/** At least 50 strings that look technical but hold no secret: none may be flagged. */
export function decoys(): CorpusEntry[] {
  const d: CorpusEntry[] = [];
  const add = (name: string, text: string) => d.push({ name: `decoys/${String(d.length + 1).padStart(2, "0")}-${name}`, text });
  const sha256 = () => pick("hex", 64);

  // ARNs
  add(
    "secret-arn.json",
    `{"secret_arn": "arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme-data/prod/billing-mysql/main-${mixed(6)}"}\n`,
  );
  add("role-arn.tf", `role_arn = "arn:aws:iam::111111111111:role/orders-archiver"\n`);
  add("kms-arn.yaml", `kmsKeyId: arn:aws:kms:eu-west-1:222222222222:key/${uuid()}\n`);
  add(
    "lambda-arn.txt",
    `rotation_lambda_arn: arn:aws:lambda:eu-west-1:222222222222:function:acme-data-prod-rotate-postgresql-single-user\n`,
  );
  add("secret-arn-env.env", `SECRET_ARN=arn:aws:secretsmanager:eu-west-1:111111111111:secret:acme-data/dev/hubspot-api/main-${mixed(6)}\n`);
  add("account-id.yaml", `aws:\n  accountId: "222222222222"\n  account_id: 111111111111\n`);

  // Vault paths and commands
  add("kv-path.yaml", `secret: kv/data/connectors/stripe-api/main\n`);
  add("kv-path-ns.txt", `VAULT_NAMESPACE=etl/prod vault kv get -mount=kv connectors/orders-postgres/main\n`);
  add(
    "vault-policy.hcl",
    `path "kv/data/connectors/stripe-api/main" {\n  capabilities = ["read"]\n}\npath "database/creds/orders-postgres-main-orders-nightly" {\n  capabilities = ["read"]\n}\n`,
  );
  add("lease-revoke.sh", `vault lease revoke -prefix database/creds/orders-postgres-main-orders-nightly\n`);
  add("secret-id-path.txt", `vault write -f auth/approle/role/orders-nightly/secret-id\n`);
  add("lease-id.json", `{"lease_id": "database/creds/orders-postgres-main-orders-nightly/${mixed(24)}", "renewable": true}\n`);
  add("secret-path.env", `SECRET_PATH=kv/data/connectors/legacy-ftp/main\n`);

  // UUIDs
  add("request-id.json", `{"request_id": "${uuid()}", "lease_duration": 0}\n`);
  add("role-id.yaml", `role_id: "${uuid()}"\n`);
  add("secret-id-accessor.json", `{"secret_id_accessor": "${uuid()}", "secret_id_ttl": 3600}\n`);
  add("correlation-id.log", `2026-01-06 INFO correlationId=${uuid()} done in 35ms\n`);
  add("version-id.json", `{"VersionId": "${uuid()}", "VersionStages": ["AWSCURRENT"]}\n`);

  // Hashes
  add("sha256.txt", `sha256: ${sha256()}\n`);
  add("integrity.json", `{"integrity": "sha512-${pick("base64", 86)}=="}\n`);
  add("commit.txt", `commit ${pick("hex", 40)}\nAuthor: ETL <etl@acme.example>\n`);
  add("checksum.tf", `checksum = "${sha256()}"\n`);
  add("source-code-hash.tf.json", `{"source_code_hash": "${pick("base64", 43)}="}\n`);
  add("etag.yaml", `etag: "${pick("hex", 32)}"\n`);
  add("ssh-fingerprint.txt", `256 SHA256:${pick("base64", 43)} etl@bastion (ED25519)\n`);
  add("secret-hash.json", `{"secret_hash": "${sha256()}", "secretVersionDigest": "${sha256()}"}\n`);

  // Base64 of non-secrets
  add(
    "base64-config.yaml",
    `data:\n  config.json: ${Buffer.from('{"retries": 3, "batchSize": 500, "region": "eu-west-1"}').toString("base64")}\n`,
  );
  add("base64-userdata.json", `{"userData": "${Buffer.from("#!/bin/bash\necho starting the extract job\n").toString("base64")}"}\n`);
  add("base64-payload.log", `payload=${Buffer.from("orders_nightly finished: 120000 rows").toString("base64")}\n`);

  // Versions
  add("semver.json", `{"dependencies": {"cdktf": "0.21.0", "constructs": "10.8.1", "@aws-sdk/client-secrets-manager": "3.1164.0"}}\n`);
  add("required-version.tf", `terraform {\n  required_version = ">= 1.6.0"\n}\n`);
  add("version-tag.yaml", `image: ghcr.io/acme/etl-runner:v2.14.3-rc.1\nsecretsOperatorVersion: 0.9.12\n`);

  // Terraform addresses and references
  add(
    "tf-address.txt",
    `# aws_secretsmanager_secret.billing-mysql_main will be created\n# module.prod.vault_kv_secret_v2.connectors_orders will be updated in-place\n`,
  );
  add("tf-refs.tf", `secret_id = aws_secretsmanager_secret.billing_mysql_main.id\npassword_wo = var.bootstrap_password\n`);
  add("tf-interpolation.tf.json", `{"password_wo": "\${var.orders_db_bootstrap_password}", "password_wo_version": 1}\n`);
  add("tf-ephemeral.tf", `password = ephemeral.vault_kv_secret_v2.bootstrap.data["password"]\n`);

  // Policy documents
  add(
    "iam-policy.json",
    `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme-data/prod/billing-mysql/main-*"}]}\n`,
  );
  add(
    "policy-hcl-ttl.hcl",
    `path "auth/approle/role/orders-nightly/secret-id" {\n  capabilities = ["update"]\n  min_wrapping_ttl = "1s"\n  max_wrapping_ttl = "90s"\n}\n`,
  );
  add(
    "resource-policy.json",
    `{"Statement": [{"Sid": "Quarantine", "Effect": "Deny", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}\n`,
  );

  // Secret-named keys that hold metadata, references or placeholders
  add("secret-name.yaml", `secretName: acme-data/prod/billing-mysql/main\nsecretsKeyAlias: alias/acme-data-prod-secrets\n`);
  add("password-length.env", `PASSWORD_LENGTH=48\nEXCLUDE_CHARACTERS=!"#$%&'()*+,/:;<=>?@[\\]^\`{|}\n`);
  add("ttls.tf", `secret_id_ttl = 3600\ntoken_max_ttl = 14400\ntoken_policies = ["prod-consumer-orders-nightly"]\n`);
  add(
    "gha-secret-ref.yaml",
    `env:\n  DB_PASSWORD: \${{ secrets.DB_PASSWORD }}\n  SNOWFLAKE_PASSWORD: \${{ secrets.SNOWFLAKE_PASSWORD }}\n`,
  );
  add(
    "shell-refs.sh",
    `export SNOWFLAKE_PASSWORD="\${SNOWFLAKE_PASSWORD}"\nexport PGPASSWORD=$(vault kv get -field=password kv/connectors/x/main)\n`,
  );
  add("jdbc-placeholder.properties", `spring.datasource.url=jdbc:postgresql://db:5432/orders?user=etl&password=\${DB_PASSWORD}\n`);
  add(
    "code.ts",
    `const password = readPassword();\nconst token: string = options.token;\nconst apiKey = secret.apiKey;\nschema = { token: z.string(), password: z.string().min(1) };\n`,
  );
  add("redacted.log", `connecting as etl with password=******** (redacted)\napi_key: "<redacted>"\n`);
  add(
    "public-key.pem",
    `${dashes}BEGIN PUBLIC KEY${dashes}\n${pick("base64", 64)}\n${pick("base64", 64)}\n${dashes}END PUBLIC KEY${dashes}\n`,
  );
  add(
    "certificate.pem",
    `${dashes}BEGIN CERTIFICATE${dashes}\n${Array.from({ length: 6 }, () => pick("base64", 64)).join("\n")}\n${dashes}END CERTIFICATE${dashes}\n`,
  );
  add("ssh-public-key.pub", `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${pick("base64", 43)} etl@bastion\n`);
  add(
    "token-prose.md",
    `Vault service tokens start with the prefix \`hv\` + \`s.\`; legacy ones with \`s.\`: never paste one here.\nThe token_type is "service".\n`,
  );
  add(
    "pem-placeholder.md",
    `private_key: "${dashes}BEGIN ${["PRIVATE", "KEY"].join(" ")}${dashes}\\n...\\n${dashes}END ${["PRIVATE", "KEY"].join(" ")}${dashes}"\n`,
  );
  add(
    "secrets-manager-cli.sh",
    `aws secretsmanager rotate-secret --secret-id acme-data/prod/billing-mysql/main\naws secretsmanager cancel-rotate-secret --secret-id acme-data/prod/billing-mysql/main\n`,
  );
  add("member-expression.py", `password = settings.database.password\nsecret = os.environ["CLIENT_SECRET"]\n`);
  add(
    "iam-action-values.ts",
    `const reasons = { GenerateRandomPassword: "secretsmanager:GetRandomPassword", rotateSecret: "secretsmanager:RotateSecret" };\n`,
  );
  add("alphabet.ts", `export const PASSWORD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";\n`);
  add("shell-default.sh", `CACHE="\${ETL_SECRETS_TOKEN:-$HOME/.cache/etl-secrets}"\n`);
  add(
    "escaped-policy.tf.json",
    `{"policy": "{\\"Action\\":[\\"secretsmanager:GetRandomPassword\\",\\"secretsmanager:UpdateSecretVersionStage\\"],\\"Effect\\":\\"Allow\\"}"}\n`,
  );
  add("kebab-values.yaml", `token_type: batch\nsecret_engine: kv-v2\npassword_policy: etl-prod-password-policy\n`);
  return d;
}

/*
 * The benchmark's generated inventory: N connectors per environment, the kinds a real inventory has.
 *
 * `aws`: every connector in Secrets Manager: PostgreSQL and MySQL rotated passwords (single and
 * alternating users with a master), key-broker API keys, OAuth clients with rotating refresh tokens,
 * reminder-only API keys and cloud roles. `mixed`: half of them in Vault instead (static passwords,
 * OAuth clients, broker-rotated API keys, key pairs, dynamic database credentials, generic), read by
 * AppRole, Kubernetes and JWT logins, with a Vault namespace per environment on two clusters.
 * Consumers are shared between connectors. Pure: the same options give the same document.
 */

export interface BenchInventoryOptions {
  readonly connectors: number;
  readonly environments: number;
  readonly consumers: number;
  /** `aws`: every connector in Secrets Manager (the synth comparison); `mixed`: half in Vault, with AppRole, Kubernetes and JWT logins. @default "aws" */
  readonly mix?: "aws" | "mixed";
}

/** The document's shape as far as the benchmark edits it (bench/changed-inventory.ts). */
export interface BenchDocument {
  readonly version: 1;
  readonly organization: string;
  readonly owners: readonly object[];
  readonly environments: readonly { readonly name: string; readonly tier: string; readonly stores: readonly string[] }[];
  readonly connectors: readonly BenchConnector[];
  readonly retirements?: readonly object[];
}

export interface BenchConnector {
  readonly id: string;
  readonly store: "aws" | "vault";
  readonly credential: Record<string, unknown>;
  readonly consumers: readonly { readonly id: string; readonly auth: Record<string, unknown>; readonly access: string }[];
  readonly [field: string]: unknown;
}

const ENVIRONMENT_NAMES = ["prod", "dev", "staging", "test", "qa", "uat", "perf", "sandbox", "demo"];

function credentialFor(index: number, masterId: string): Record<string, unknown> {
  switch (index % 8) {
    case 0:
      return {
        type: "rotated-password",
        strategy: "single-user",
        database: { host: `pg-${index}.internal`, name: "app", username: `etl_${index}` },
        rotation: { days: 30 },
        seeded: true,
      };
    case 1:
      return {
        type: "rotated-password",
        strategy: "alternating-users",
        master: masterId,
        database: { host: "pg-shared.internal", name: "app", username: `etl_alt_${index}` },
        rotation: { days: 30 },
        seeded: true,
      };
    case 2:
      return {
        type: "rotated-password",
        strategy: "single-user",
        database: { host: `mysql-${index}.internal`, name: "app", username: `etl_${index}` },
        rotation: { days: 30 },
        seeded: index % 16 !== 2,
      };
    case 3:
      return { type: "api-key", rotation: { days: 60, endpoint: `https://broker.internal/k${index}` }, seeded: true };
    case 4:
      return {
        type: "oauth-client",
        grant: "refresh-token",
        refreshTokenRotates: true,
        clientSecretRotation: { days: 90, reminder: true },
      };
    case 5:
      return { type: "api-key", rotation: { days: 90, reminder: true } };
    case 6:
      return { type: "cloud-role", provider: "aws", allow: { "s3:GetObject": [`arn:aws:s3:::landing-${index}/*`] } };
    default:
      return { type: "generic", fields: ["user", "token"], rotation: { days: 90, reminder: true } };
  }
}

/** A Vault-stored connector: the kinds Vault holds, read by AppRole, Kubernetes or JWT logins. */
function vaultConnector(index: number, consumer: string, environments: Record<string, object>): BenchConnector {
  const kinds: [string, Record<string, unknown>][] = [
    ["mssql", { type: "static-password", rotation: { days: 90, reminder: true } }],
    [
      "salesforce",
      { type: "oauth-client", grant: "refresh-token", refreshTokenRotates: true, clientSecretRotation: { days: 90, reminder: true } },
    ],
    ["stripe", { type: "api-key", rotation: { days: 60, endpoint: `https://broker.internal/v${index}` } }],
    [
      "snowflake",
      { type: "key-pair", algorithm: "rsa-2048", rotation: { days: 30, slots: 2, endpoint: `https://key-broker.internal/s${index}` } },
    ],
    ["postgresql", { type: "dynamic-database", database: { host: `pgv-${index}.internal`, name: "app" } }],
    ["custom", { type: "generic", fields: ["user", "token"], rotation: { days: 90, reminder: true } }],
  ];
  const [system, credential] = kinds[Math.floor(index / 2) % kinds.length];
  const login = index % 3;
  const auth =
    login === 0
      ? { method: "approle", cidrs: ["10.20.0.0/16"] }
      : login === 1
        ? { method: "kubernetes", serviceAccount: consumer, namespace: "etl" }
        : {
            method: "jwt",
            issuer: "https://token.actions.githubusercontent.com",
            subject: `repo:acme/${consumer}:ref:refs/heads/main`,
            audience: "vault",
          };
  return {
    id: `connector-${String(index).padStart(5, "0")}`,
    purpose: `Benchmark connector ${index}`,
    owner: index % 3 === 0 ? "platform" : "analytics",
    system,
    sensitivity: (["high", "moderate", "low"] as const)[index % 3],
    store: "vault",
    credential,
    consumers: [{ id: `v${login}-${consumer}`, auth, access: "read" }],
    environments,
    lifecycle: { createdOn: "2026-01-01", reviewBy: "2027-01-01", state: index % 97 === 0 ? "quarantined" : "active" },
  };
}

function systemFor(index: number): string {
  const kind = index % 8;
  if (kind === 0 || kind === 1) return "postgresql";
  if (kind === 2) return "mysql";
  return "http-api";
}

export function benchInventory(options: BenchInventoryOptions): BenchDocument {
  const mixed = options.mix === "mixed";
  const accountOf = (i: number) =>
    String(100000000000 + i * 111111111111)
      .padStart(12, "1")
      .slice(0, 12);
  const environments = ENVIRONMENT_NAMES.slice(0, options.environments).map((name, i) => ({
    name,
    tier: i === 0 ? "production" : "non-production",
    stores: mixed ? ["vault", "aws"] : ["aws"],
    ...(mixed
      ? {
          vault: {
            address: i === 0 ? "https://vault.bench.example:8200" : "https://vault.nonprod.bench.example:8200",
            edition: "enterprise",
            isolation: "namespace",
            namespace: `etl/${name}`,
            // A production cluster ships its audit log, as validate asks (a warning needs a line, and
            // lines come from the YAML parser of record: that is the warning path, not a clean inventory).
            ...(i === 0 ? { audit: { accountId: accountOf(0), region: "eu-west-1" } } : {}),
          },
        }
      : {}),
    aws: { accountId: accountOf(i), region: "eu-west-1" },
  }));
  const everywhere = Object.fromEntries(environments.map((env) => [env.name, {}]));
  const masterId = "db-admin";
  const connectors: BenchConnector[] = [
    {
      id: masterId,
      purpose: "Administrative user of the shared PostgreSQL cluster",
      owner: "platform",
      system: "postgresql",
      sensitivity: "critical",
      store: "aws",
      credential: {
        type: "rotated-password",
        database: { host: "pg-shared.internal", name: "postgres", username: "etl_admin" },
        rotation: { days: 30 },
        seeded: true,
      },
      consumers: [],
      environments: everywhere,
      lifecycle: { createdOn: "2026-01-01", reviewBy: "2027-01-01", state: "active" },
    },
  ];
  for (let i = 1; i < options.connectors; i++) {
    const consumer = `job-${String(i % options.consumers).padStart(4, "0")}`;
    if (mixed && i % 2 === 1) {
      connectors.push(vaultConnector(i, consumer, everywhere));
      continue;
    }
    const jwt = (i % options.consumers) % 5 === 4;
    connectors.push({
      id: `connector-${String(i).padStart(5, "0")}`,
      purpose: `Benchmark connector ${i}`,
      owner: i % 3 === 0 ? "platform" : "analytics",
      system: systemFor(i),
      sensitivity: (["high", "moderate", "low"] as const)[i % 3],
      store: "aws",
      credential: credentialFor(i, masterId),
      consumers: [
        {
          id: consumer,
          auth: jwt
            ? {
                method: "jwt",
                issuer: "https://token.actions.githubusercontent.com",
                subject: `repo:acme/${consumer}:ref:refs/heads/main`,
                audience: "sts.amazonaws.com",
              }
            : { method: "aws-iam", roleName: consumer },
          access: "read",
        },
      ],
      environments: everywhere,
      lifecycle: { createdOn: "2026-01-01", reviewBy: "2027-01-01", state: i % 97 === 0 ? "quarantined" : "active" },
    });
  }
  return {
    version: 1,
    organization: "bench",
    owners: [
      { id: "platform", name: "Platform", email: "platform@bench.example" },
      { id: "analytics", name: "Analytics", email: "analytics@bench.example" },
    ],
    environments,
    connectors,
  };
}

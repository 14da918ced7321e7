/*
 * Synth benchmark: generates an inventory of N AWS-stored connectors per environment and prints
 * the time of each phase, the number of resources per stack and the peak RSS.
 *
 *   npx tsx bench/synth.ts [connectors=1000] [--environments 2] [--consumers 200] [--out <dir>] [--keep]
 *
 * Connectors mix the kinds a real inventory has: PostgreSQL and MySQL rotated passwords (single
 * and alternating users with a master), key-broker API keys, OAuth clients with rotating refresh
 * tokens, reminder-only API keys and cloud roles; consumers are shared between connectors.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeInventory } from "../lib/constructs/synthesize";
import { validateDocument } from "../lib/spec/validate";

interface Options {
  readonly connectors: number;
  readonly environments: number;
  readonly consumers: number;
  /** `aws`: every connector in Secrets Manager (the synth comparison); `mixed`: half in Vault, with AppRole, Kubernetes and JWT logins. */
  readonly mix?: "aws" | "mixed";
  readonly out?: string;
  readonly keep: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options = { connectors: 1000, environments: 2, consumers: 200, out: undefined as string | undefined, keep: false, mix: "aws" as "aws" | "mixed" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      return value;
    };
    if (arg === "--environments") options.environments = Number(next());
    else if (arg === "--consumers") options.consumers = Number(next());
    else if (arg === "--connectors") options.connectors = Number(next());
    else if (arg === "--out") options.out = next();
    else if (arg === "--mix") options.mix = next() === "mixed" ? "mixed" : "aws";
    else if (arg === "--keep") options.keep = true;
    else if (/^\d+$/.test(arg)) options.connectors = Number(arg);
    else throw new Error(`unknown argument ${arg}; usage: bench/synth.ts [connectors] [--environments M] [--consumers K] [--out dir] [--keep]`);
  }
  if (!(options.connectors >= 1 && options.environments >= 1 && options.environments <= 9 && options.consumers >= 1)) {
    throw new Error("connectors and consumers must be at least 1, environments between 1 and 9");
  }
  return options;
}

const ENVIRONMENT_NAMES = ["prod", "dev", "staging", "test", "qa", "uat", "perf", "sandbox", "demo"];

function credentialFor(index: number, masterId: string): Record<string, unknown> {
  switch (index % 8) {
    case 0:
      return { type: "rotated-password", strategy: "single-user", database: { host: `pg-${index}.internal`, name: "app" }, rotation: { days: 30 }, seeded: true };
    case 1:
      return { type: "rotated-password", strategy: "alternating-users", master: masterId, database: { host: "pg-shared.internal", name: "app" }, rotation: { days: 30 }, seeded: true };
    case 2:
      return { type: "rotated-password", strategy: "single-user", database: { host: `mysql-${index}.internal`, name: "app" }, rotation: { days: 30 }, seeded: index % 16 !== 2 };
    case 3:
      return { type: "api-key", rotation: { days: 60, endpoint: `https://broker.internal/k${index}` }, seeded: true };
    case 4:
      return { type: "oauth-client", grant: "refresh-token", refreshTokenRotates: true, clientSecretRotation: { days: 90, reminder: true } };
    case 5:
      return { type: "api-key", rotation: { days: 90, reminder: true } };
    case 6:
      return { type: "cloud-role", provider: "aws", allow: { "s3:GetObject": [`arn:aws:s3:::landing-${index}/*`] } };
    default:
      return { type: "generic", fields: ["user", "token"], rotation: { days: 90, reminder: true } };
  }
}

/** A Vault-stored connector: the kinds Vault holds, read by AppRole, Kubernetes or JWT logins. */
function vaultConnector(index: number, consumer: string, environments: Record<string, object>): object {
  const kinds: [string, Record<string, unknown>][] = [
    ["mssql", { type: "static-password", rotation: { days: 90, reminder: true } }],
    ["salesforce", { type: "oauth-client", grant: "refresh-token", refreshTokenRotates: true, clientSecretRotation: { days: 90, reminder: true } }],
    ["stripe", { type: "api-key", rotation: { days: 60, endpoint: `https://broker.internal/v${index}` } }],
    ["snowflake", { type: "key-pair", algorithm: "rsa-2048", rotation: { days: 30, slots: 2, endpoint: `https://key-broker.internal/s${index}` } }],
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
        : { method: "jwt", issuer: "https://token.actions.githubusercontent.com", subject: `repo:acme/${consumer}:ref:refs/heads/main`, audience: "vault" };
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

export function benchInventory(options: Pick<Options, "connectors" | "environments" | "consumers" | "mix">): unknown {
  const mixed = options.mix === "mixed";
  const environments = ENVIRONMENT_NAMES.slice(0, options.environments).map((name, i) => ({
    name,
    tier: i === 0 ? "production" : "non-production",
    stores: mixed ? ["vault", "aws"] : ["aws"],
    ...(mixed
      ? { vault: { address: i === 0 ? "https://vault.bench.example:8200" : "https://vault.nonprod.bench.example:8200", edition: "enterprise", isolation: "namespace", namespace: `etl/${name}` } }
      : {}),
    aws: { accountId: String(100000000000 + i * 111111111111).padStart(12, "1").slice(0, 12), region: "eu-west-1" },
  }));
  const everywhere = Object.fromEntries(environments.map((env) => [env.name, {}]));
  const masterId = "db-admin";
  const connectors: object[] = [
    {
      id: masterId,
      purpose: "Administrative user of the shared PostgreSQL cluster",
      owner: "platform",
      system: "postgresql",
      sensitivity: "critical",
      store: "aws",
      credential: { type: "rotated-password", database: { host: "pg-shared.internal", name: "postgres" }, rotation: { days: 30 }, seeded: true },
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
    const jwt = i % options.consumers % 5 === 4;
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
            ? { method: "jwt", issuer: "https://token.actions.githubusercontent.com", subject: `repo:acme/${consumer}:ref:refs/heads/main`, audience: "sts.amazonaws.com" }
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

function countResources(outDir: string): Map<string, number> {
  const counts = new Map<string, number>();
  const stacks = join(outDir, "stacks");
  for (const stack of readdirSync(stacks).sort()) {
    const json = JSON.parse(readFileSync(join(stacks, stack, "cdk.tf.json"), "utf8"));
    counts.set(stack, Object.values<Record<string, unknown>>(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0));
  }
  return counts;
}

function directorySize(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (total, entry) => total + (entry.isDirectory() ? directorySize(join(dir, entry.name)) : statSync(join(dir, entry.name)).size),
    0,
  );
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

  let start = process.hrtime.bigint();
  const document = benchInventory(options);
  const generate = seconds(start);

  start = process.hrtime.bigint();
  const result = validateDocument(document);
  const validate = seconds(start);
  if (!result.ok || !result.inventory) {
    console.error(result.issues.slice(0, 10));
    throw new Error("the generated inventory is invalid");
  }

  const out = options.out ?? mkdtempSync(join(tmpdir(), "etl-secrets-bench-"));
  start = process.hrtime.bigint();
  const synthesis = synthesizeInventory(result.inventory, out);
  const synth = seconds(start);

  const counts = countResources(out);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const errors = synthesis.findings.filter((f) => f.severity === "error" && !f.suppressedBecause).length;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`connectors per environment: ${options.connectors}, environments: ${options.environments}, consumers: ${options.consumers}`);
  console.log(`generate ${generate.toFixed(2)} s, validate ${validate.toFixed(2)} s, plan + synth + checks + write ${synth.toFixed(2)} s`);
  console.log(`resources: ${total} (${[...counts.entries()].map(([stack, n]) => `${stack} ${n}`).join(", ")})`);
  console.log(`findings: ${synthesis.findings.length} (${errors} unsuppressed errors), output ${(directorySize(out) / 1024 / 1024).toFixed(1)} MB`);
  console.log(`peak RSS: ${peakRssMb.toFixed(0)} MB`);
  if (!options.out && !options.keep) rmSync(out, { recursive: true, force: true });
  else console.log(`output: ${out}`);
}

if (require.main === module) main();

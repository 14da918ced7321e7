import { join } from "node:path";
import { run } from "../../lib/cli/main";
import type { CliIo } from "../../lib/cli/io";
import { editStack, resourceKey, SynthDirs } from "../support/analysis/synth-dirs";

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => (out += t.endsWith("\n") ? t : `${t}\n`), err: (t) => (err += t.endsWith("\n") ? t : `${t}\n`) };
  const code = await run(argv, io);
  return { code, out, err };
}

const dirs = new SynthDirs();
let acme: string;
beforeAll(() => {
  acme = dirs.fixture("acme.yaml");
});
afterAll(() => dirs.cleanup());

describe("etl-secrets simulate", () => {
  it("exits 0 on the acme synth output, shows each auditor reaching no value, and counts the decisions", async () => {
    const result = await cli("simulate", acme);
    expect(result.code).toBe(0);
    const lines = result.out.trimEnd().split("\n");
    expect(lines.at(-1)).toMatch(
      /^\d+ decision\(s\) over \d+ principal\(s\) and \d+ location\(s\): \d+ allowed \(\d+ intended, \d+ shared-key\), 0 violation\(s\), 0 blocked by another layer, \d+ denied$/,
    );
    expect(lines.slice(0, -1).length).toBeGreaterThan(0);
    for (const line of lines.slice(0, -1))
      expect(line).toMatch(/^auditor of [a-z][a-z0-9-]*: \d+ metadata location\(s\), 0 value\(s\) {2}\S+$/);
  });

  it("--format json: stdout holds only {decisions, violations}", async () => {
    const result = await cli("simulate", acme, "--format", "json");
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.out);
    expect(Object.keys(parsed)).toEqual(["decisions", "violations"]);
    expect(parsed.violations).toEqual([]);
    expect(parsed.decisions.evaluated).toBeGreaterThan(1000);
  });

  it("exits 1 and names principal, environment, resource, action and via for a planted breach", async () => {
    const dir = dirs.copy(acme);
    editStack(dir, "prod", (json) => {
      const key = resourceKey(json, "vault_policy", "consumer-payments-ingest_");
      json.resource.vault_policy[key].policy = json.resource.vault_policy[key].policy.replace(
        'path "kv/data/connectors/stripe-api/main"',
        'path "kv/data/connectors/*"',
      );
    });
    const result = await cli("simulate", dir, "--format", "json");
    expect(result.code).toBe(1);
    const { violations } = JSON.parse(result.out);
    expect(violations[0]).toEqual({
      kind: "access",
      principal: "vault:vault.acme.example/etl/prod/auth/approle/role/payments-ingest",
      environment: "prod",
      resource: "vault:vault.acme.example/etl/prod/kv/data/connectors/legacy-ftp/main",
      action: "read",
      via: 'vault policy "prod-consumer-payments-ingest" path "kv/data/connectors/*"',
      reason: "another connector's credential (legacy-ftp/main)",
      resourceEnvironment: "prod",
    });
    const text = await cli("simulate", dir);
    expect(text.code).toBe(1);
    expect(text.out).toContain(
      "VIOLATION vault:vault.acme.example/etl/prod/auth/approle/role/payments-ingest (prod) read vault:vault.acme.example/etl/prod/kv/data/connectors/legacy-ftp/main",
    );
  });

  it("--exhaustive evaluates every decision one by one and prints the same report as the index", async () => {
    const dir = dirs.copy(acme);
    editStack(dir, "prod", (json) => {
      const key = resourceKey(json, "vault_policy", "consumer-payments-ingest_");
      json.resource.vault_policy[key].policy = json.resource.vault_policy[key].policy.replace(
        'path "kv/data/connectors/stripe-api/main"',
        'path "kv/data/+/*"',
      );
    });
    const indexed = await cli("simulate", dir, "--format", "json");
    const exhaustive = await cli("simulate", dir, "--format", "json", "--exhaustive");
    expect(indexed.code).toBe(1);
    expect(exhaustive.code).toBe(1);
    expect(JSON.parse(indexed.out).violations.length).toBeGreaterThan(0);
    expect(exhaustive.out).toBe(indexed.out);
  });

  it("a frozen hostile output: exit 1, each finding with its kind in JSON and in text", async () => {
    const corpus = join(__dirname, "..", "fixtures", "hostile", "db-role-collision");
    const json = await cli("simulate", corpus, "--format", "json");
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.out);
    expect(Object.keys(parsed)).toEqual(["decisions", "violations"]);
    expect(parsed.decisions.violationsByKind).toEqual({ "duplicate-writer": 2 });
    expect(parsed.violations.map((v: { kind: string; resource: string }) => [v.kind, v.resource])).toEqual([
      ["duplicate-writer", "vault:vault.dev.acme.example/etl/dev/database/roles/shop-main-x-y"],
      ["duplicate-writer", "vault:vault.acme.example/etl/prod/database/roles/shop-main-x-y"],
    ]);
    const text = await cli("simulate", corpus);
    expect(text.code).toBe(1);
    expect(text.out).toContain("  kind: duplicate-writer\n");
    expect(text.out).toContain(" 2 violation(s),");
  });

  it("bad input: a clear message and a non-zero exit, never 0 violations", async () => {
    const missing = await cli("simulate", join(acme, "missing"));
    expect(missing.code).toBe(2);
    expect(missing.out).toBe("");
    expect(missing.err).toMatch(/no such directory/);

    const unknown = dirs.copy(acme);
    editStack(unknown, "dev", (json) => {
      json.resource.vault_token_auth_backend_role = { planted: { role_name: "x" } };
    });
    const result = await cli("simulate", unknown, "--format", "json");
    expect(result.code).toBe(2);
    expect(result.out).toBe("");
    expect(result.err).toMatch(
      /vault_token_auth_backend_role.planted: "vault_token_auth_backend_role" can grant access, but simulate does not model it/,
    );
    expect(result.err).toMatch(/1 resource\(s\) the analysis cannot evaluate; no verdict/);

    const format = await cli("simulate", acme, "--format", "yaml");
    expect(format.code).toBe(2);
  });
});

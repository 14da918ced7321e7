import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { cli } from "../support/cli";
import { EXAMPLE, exampleDocument } from "../wire/support";

describe("etl-secrets wire", () => {
  it("prints the Airflow settings as text, exit 0", async () => {
    const { code, out } = await cli("wire", EXAMPLE, "payments-ingest", "--env", "prod", "--for", "airflow");
    expect(code).toBe(0);
    expect(out).toContain("backend = airflow.providers.hashicorp.secrets.vault.VaultBackend");
    expect(out).toMatch(/backend_kwargs = \{.*"connections_path":"connectors".*"mount_point":"kv".*\}/);
    expect(out).toContain("stripe-api/main  <- kv/data/connectors/stripe-api/main");
    expect(out).toMatch(/backend_kwargs\.secret_id is not shown/);
  });

  it("prints etl-secrets-wire/1 JSON with --format json, for every target that fits", async () => {
    for (const [consumer, env, target] of [
      ["billing-sync", "prod", "airflow"],
      ["orders-cdc", "staging", "kubernetes"],
      ["payments-ingest", "dev", "ecs"],
      ["marketing-sync", "dev", "github-actions"],
    ]) {
      const { code, out } = await cli("wire", EXAMPLE, consumer, "--env", env, "--for", target, "--format", "json");
      expect({ consumer, code }).toEqual({ consumer, code: 0 });
      expect(JSON.parse(out)).toMatchObject({ format: "etl-secrets-wire/1", target, consumer, environment: env, notes: expect.any(Array) });
    }
  });

  it("exits 2 for an unknown consumer, environment, target or format, naming what is allowed", async () => {
    const unknown = await cli("wire", EXAMPLE, "nobody", "--env", "prod", "--for", "airflow");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/no consumer "nobody" in the inventory; consumers: billing-sync, marketing-sync, orders-archiver/);
    const env = await cli("wire", EXAMPLE, "payments-ingest", "--env", "qa", "--for", "airflow");
    expect(env.code).toBe(2);
    expect(env.err).toMatch(/no environment "qa" in the inventory; environments: dev, prod, staging, test/);
    const target = await cli("wire", EXAMPLE, "payments-ingest", "--env", "prod", "--for", "nomad");
    expect(target.code).toBe(2);
    expect(target.err).toMatch(/--for must be one of airflow, kubernetes, ecs, github-actions/);
    const format = await cli("wire", EXAMPLE, "payments-ingest", "--env", "prod", "--for", "airflow", "--format", "xml");
    expect(format.code).toBe(2);
    const missing = await cli("wire", EXAMPLE, "payments-ingest", "--for", "airflow");
    expect(missing.code).toBe(2);
  });

  it("exits 2 when the consumer is not in that environment, naming where it is", async () => {
    const { code, err } = await cli("wire", EXAMPLE, "price-files", "--env", "staging", "--for", "airflow");
    expect(code).toBe(2);
    expect(err).toMatch(/consumer "price-files" does not read any credential in environment staging; it is in: dev, prod/);
  });

  it("exits 1 when the target does not fit the consumer, saying which does", async () => {
    const { code, out, err } = await cli("wire", EXAMPLE, "orders-nightly", "--env", "dev", "--for", "kubernetes");
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toMatch(/needs a Vault consumer with kubernetes auth.*use --for airflow/);
  });

  it("never echoes an argument that is not an id", async () => {
    const pasted = "hvs.FAKE-canary-not-a-token"; // obviously fake: a pasted token shape, never a real one
    const { code, err } = await cli("wire", EXAMPLE, pasted, "--env", "prod", "--for", "airflow");
    expect(code).toBe(2);
    expect(err).not.toContain(pasted);
    expect(err).toMatch(/<redacted, \d+ chars>/);
  });

  it("exits 1 for an invalid inventory and prints nothing to wire", async () => {
    const dir = mkdtempSync(join(tmpdir(), "etl-secrets-wire-"));
    try {
      const doc = exampleDocument();
      doc.connectors[0].owner = "nobody-team";
      const file = join(dir, "connectors.yaml");
      writeFileSync(file, stringify(doc));
      const { code, out, err } = await cli("wire", file, "orders-nightly", "--env", "dev", "--for", "airflow");
      expect(code).toBe(1);
      expect(out).toBe("");
      expect(err).toMatch(/invalid; nothing to wire/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

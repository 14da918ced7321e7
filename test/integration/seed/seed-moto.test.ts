import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { sdkSecretsManagerClient, seedCredential, type SeedDependencies } from "../../../lib/seed";
import { loadInventory } from "../../../lib/inventory/load";

/*
 * seed against moto's Secrets Manager through the real SDK client, with the endpoint taken from
 * AWS_ENDPOINT_URL as in production use. Uses the moto of tools/engines/start-integration.sh when
 * its engines file exists; otherwise starts its own moto server on a free loopback port.
 */
const ENGINES_FILE = join(__dirname, "..", "..", "..", ".state", "integration", "engines.env");
const VALUE = ["Sd3", "Fg7", "Hj1", "Kl5", "Zx8"].join("~");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`moto server exited with ${child.exitCode}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`moto server did not answer at ${url}`);
}

describe("seed into Secrets Manager (moto)", () => {
  let endpoint: string;
  let own: ChildProcess | undefined;
  const saved = { ...process.env };

  beforeAll(async () => {
    const shared = existsSync(ENGINES_FILE) ? /^MOTO_ENDPOINT=(.+)$/m.exec(readFileSync(ENGINES_FILE, "utf8"))?.[1] : undefined;
    if (shared) endpoint = shared;
    else {
      const port = await freePort();
      own = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
      endpoint = `http://127.0.0.1:${port}`;
      await waitFor(`${endpoint}/moto-api/data.json`, own);
    }
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_REGION: "eu-west-1",
    });
  }, 60000);

  afterAll(() => {
    process.env = saved;
    if (own?.pid) own.kill("SIGTERM");
  });

  it("writes the first value, refuses a second, and writes a new version with overwrite", async () => {
    const inventory = loadInventory("test/fixtures/inventories/acme.yaml");
    const suffix = Date.now().toString(36);
    const admin = new SecretsManagerClient({ region: "eu-west-1", endpoint });
    // Terraform made the container; its name comes from the plan (organization/env/connector/credential).
    const name = "acme-data/prod/billing-mysql/main";
    await admin.send(new CreateSecretCommand({ Name: name, Description: `seed test ${suffix}` })).catch((error: { name?: string }) => {
      if (error.name !== "ResourceExistsException") throw error;
    });
    const deps: SeedDependencies = { vaultToken: () => undefined, secretsManager: sdkSecretsManagerClient };
    const request = {
      inventory,
      connectorId: "billing-mysql",
      environment: "prod",
      raw: JSON.stringify({ username: "billing_sync", password: VALUE }),
    };

    const first = await seedCredential(request, deps).catch(async (error) => {
      // A shared moto may hold a value from an earlier run: start over with overwrite.
      if (/already has a current value/.test(error.message)) return seedCredential({ ...request, overwrite: true }, deps);
      throw error;
    });
    const stored = await admin.send(new GetSecretValueCommand({ SecretId: name }));
    expect(stored.VersionId).toBe(first.version);
    // The contract's fields, then what Airflow's Secrets Manager backend reads that they do not name (record-fields.ts).
    expect(JSON.parse(stored.SecretString!)).toEqual({
      engine: "mysql",
      host: "billing-db.prod.internal",
      port: 3306,
      username: "billing_sync",
      password: VALUE,
      dbname: "billing",
      database: "billing",
    });

    await expect(seedCredential(request, deps)).rejects.toThrow(/already has a current value/);
    const second = await seedCredential({ ...request, overwrite: true }, deps);
    expect(second.version).not.toBe(first.version);
    expect((await admin.send(new GetSecretValueCommand({ SecretId: name }))).VersionId).toBe(second.version);
  }, 60000);

  it("refuses a secret that Terraform has not created", async () => {
    const inventory = loadInventory("test/fixtures/inventories/acme.yaml");
    const deps: SeedDependencies = { vaultToken: () => undefined, secretsManager: sdkSecretsManagerClient };
    await expect(
      seedCredential(
        {
          inventory,
          connectorId: "billing-mysql",
          environment: "staging",
          raw: JSON.stringify({ username: "billing_sync", password: VALUE }),
        },
        deps,
      ),
    ).rejects.toThrow(/secret acme-data\/staging\/billing-mysql\/main does not exist/);
  }, 60000);
});

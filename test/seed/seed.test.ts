import { createHash, generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadInventory, validateInventoryText } from "../../lib/inventory/load";
import { seedCredential, SeedError, type SeedDependencies } from "../../lib/seed";
import { FakeSecretsManager } from "./fake-secrets-manager";
import { FakeVault } from "../support/fake-vault";
import { validateDocument } from "../../lib/inventory/validate";
import { fixtureDocument } from "../support/inventories";

const acme = loadInventory("test/fixtures/inventories/acme.yaml");
const realworld = loadInventory("test/fixtures/inventories/realworld.yaml");
// Built from parts: no secret-shaped literal in the repository.
const VALUE = ["Qm7", "Lp2", "Zx9", "Rt4", "Wv8"].join("_");

describe("seed", () => {
  const vault = new FakeVault({ token: "test-token-for-fake-vault" });
  let sm: FakeSecretsManager;
  let deps: SeedDependencies;
  beforeAll(() => vault.start());
  afterAll(() => vault.stop());
  beforeEach(() => {
    vault.store.clear();
    vault.requests.length = 0;
    sm = new FakeSecretsManager();
    deps = { vaultToken: () => vault.token, vaultAddress: vault.address, secretsManager: () => sm };
  });

  describe("GIVEN a Vault KV credential", () => {
    it("writes a plain-text api key as {apiKey} with cas 0 in the environment's namespace", async () => {
      const outcome = await seedCredential({ inventory: acme, connectorId: "stripe-api", environment: "dev", raw: `${VALUE}\n` }, deps);
      expect(outcome).toEqual({
        store: "vault",
        location: "kv/data/connectors/stripe-api/main (namespace etl/dev)",
        version: "1",
        reminders: [],
      });
      const write = vault.requests.find((r) => r.method === "POST")!;
      expect(write).toEqual({
        method: "POST",
        path: "/v1/kv/data/connectors/stripe-api/main",
        namespace: "etl/dev",
        body: { data: { apiKey: VALUE, conn_uri: `generic://:${VALUE}@` }, options: { cas: 0 } },
      });
    });

    it("uses the mount prefix of an environment with mount isolation, without a namespace header", async () => {
      const outcome = await seedCredential({ inventory: acme, connectorId: "stripe-api", environment: "test", raw: VALUE }, deps);
      expect(outcome.location).toBe("etl-test/kv/data/connectors/stripe-api/main");
      expect(vault.requests.every((r) => r.namespace === undefined)).toBe(true);
    });

    it("refuses to overwrite an existing value, then writes version 2 with cas 1 under --overwrite", async () => {
      const request = { inventory: acme, connectorId: "stripe-api", environment: "prod", raw: VALUE };
      await seedCredential(request, deps);
      await expect(seedCredential(request, deps)).rejects.toThrow(
        /already has a value \(version 1\); seed only creates: pass --overwrite to write version 2/,
      );
      const outcome = await seedCredential({ ...request, overwrite: true }, deps);
      expect(outcome.version).toBe("2");
      expect(vault.requests.filter((r) => r.method === "POST").map((r) => (r.body as { options: unknown }).options)).toEqual([
        { cas: 0 },
        { cas: 1 },
      ]);
    });

    it("checks generic fields against the inventory's field names", async () => {
      const request = { inventory: realworld, connectorId: "netsuite-erp", environment: "dev" };
      await expect(
        seedCredential({ ...request, raw: JSON.stringify({ consumer_key: VALUE, consumer_secret: VALUE, token_id: VALUE }) }, deps),
      ).rejects.toThrow(/missing field\(s\) "token_secret"/);
      await expect(
        seedCredential(
          {
            ...request,
            raw: JSON.stringify({ consumer_key: VALUE, consumer_secret: VALUE, token_id: VALUE, token_secret: VALUE, extra: VALUE }),
          },
          deps,
        ),
      ).rejects.toThrow(/unknown field\(s\) "extra"/);
      const fields = { consumer_key: VALUE, consumer_secret: VALUE, token_id: VALUE, token_secret: VALUE };
      await seedCredential({ ...request, raw: JSON.stringify(fields) }, deps);
      // Beside the fields, conn_uri: Airflow's Vault backend reads every generic field from its extra.
      const extra = encodeURIComponent(JSON.stringify(fields));
      expect(vault.store.get(FakeVault.key("etl/dev", "kv", "connectors/netsuite-erp/main"))!.versions.map((v) => v.data)).toEqual([
        { ...fields, conn_uri: `generic:///?__extra__=${extra}` },
      ]);
    });

    it("refuses without a token and reports Vault's refusal without the value", async () => {
      await expect(
        seedCredential(
          { inventory: acme, connectorId: "stripe-api", environment: "dev", raw: VALUE },
          { ...deps, vaultToken: () => undefined },
        ),
      ).rejects.toThrow(/no Vault token/);
      const error = await seedCredential(
        { inventory: acme, connectorId: "stripe-api", environment: "dev", raw: VALUE },
        { ...deps, vaultToken: () => "wrong" },
      ).catch((e) => e);
      expect(error).toBeInstanceOf(SeedError);
      expect(error.message).toMatch(
        /Vault refused to read the metadata of kv\/data\/connectors\/stripe-api\/main \(namespace etl\/dev\): permission denied/,
      );
      expect(error.message).not.toContain(VALUE);
    });

    it("names an unreachable Vault without the value", async () => {
      const port = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, "127.0.0.1", () => {
          const { port: free } = probe.address() as { port: number };
          probe.close(() => resolve(free));
        });
      });
      const error = await seedCredential(
        { inventory: acme, connectorId: "stripe-api", environment: "dev", raw: VALUE },
        { ...deps, vaultAddress: `http://127.0.0.1:${port}` },
      ).catch((e) => e);
      expect(error.message).toBe(`cannot reach Vault at http://127.0.0.1:${port}: ECONNREFUSED`);
    });
  });

  describe("GIVEN a Secrets Manager credential", () => {
    it("writes the rotation contract's database secret, filling engine, host, port and dbname from the inventory", async () => {
      sm.create("acme-data/prod/billing-mysql/main");
      const outcome = await seedCredential(
        {
          inventory: acme,
          connectorId: "billing-mysql",
          environment: "prod",
          raw: JSON.stringify({ username: "billing_sync", password: VALUE }),
        },
        deps,
      );
      expect(outcome.store).toBe("aws");
      expect(outcome.location).toBe("acme-data/prod/billing-mysql/main");
      const stored = JSON.parse(sm.secrets.get("acme-data/prod/billing-mysql/main")!.versions[0].value);
      // Beside the contract's fields, what Airflow's Secrets Manager backend reads and they do not name: the database.
      expect(stored).toEqual({
        engine: "mysql",
        host: "billing-db.prod.internal",
        port: 3306,
        username: "billing_sync",
        password: VALUE,
        dbname: "billing",
        database: "billing",
      });
      expect(outcome.version).toBe(sm.secrets.get("acme-data/prod/billing-mysql/main")!.versions[0].id);
    });

    it.each([
      ["another user", { username: "payroll_owner" }, /"username" differs from the inventory's database.username \(billing_sync\)/],
      ["another host", { host: "billing-db.dev.internal" }, /"host" differs from the inventory's database host/],
      ["another port", { port: 3307 }, /"port" differs/],
      ["another database", { dbname: "payroll" }, /"dbname" differs from the inventory's database name/],
      ["a TLS mode below the declared one", { sslmode: "require" }, /"sslmode" require is weaker than the inventory allows \(verify-full/],
    ])("refuses a value naming %s than the secret's rotation pins, writing nothing", async (_what, change, message) => {
      sm.create("acme-data/prod/billing-mysql/main");
      const raw = JSON.stringify({ username: "billing_sync", password: VALUE, ...change });
      await expect(seedCredential({ inventory: acme, connectorId: "billing-mysql", environment: "prod", raw }, deps)).rejects.toThrow(
        message,
      );
      expect(sm.secrets.get("acme-data/prod/billing-mysql/main")!.versions).toEqual([]);
    });

    it("accepts the declared user's clone as the first value of alternating users", async () => {
      sm.create("acme-data/prod/orders-db-admin/main");
      sm.create("acme-data/prod/orders-archive-postgres/main");
      const raw = JSON.stringify({ username: "orders_archiver_clone", password: VALUE });
      await seedCredential({ inventory: acme, connectorId: "orders-archive-postgres", environment: "prod", raw }, deps);
      expect(JSON.parse(sm.secrets.get("acme-data/prod/orders-archive-postgres/main")!.versions[0].value).username).toBe(
        "orders_archiver_clone",
      );
    });

    it("adds the master's ARN for alternating users", async () => {
      sm.create("acme-data/prod/orders-db-admin/main");
      sm.create("acme-data/prod/orders-archive-postgres/main");
      await seedCredential(
        {
          inventory: acme,
          connectorId: "orders-archive-postgres",
          environment: "prod",
          raw: JSON.stringify({ username: "orders_archiver", password: VALUE }),
        },
        deps,
      );
      const stored = JSON.parse(sm.secrets.get("acme-data/prod/orders-archive-postgres/main")!.versions[0].value);
      expect(stored.masterarn).toBe(sm.secrets.get("acme-data/prod/orders-db-admin/main")!.arn);
    });

    it("writes a broker api key in the key-broker contract shape", async () => {
      sm.create("acme-data/dev/hubspot-api/main");
      await seedCredential(
        { inventory: acme, connectorId: "hubspot-api", environment: "dev", raw: JSON.stringify({ keyId: "key-1", apiKey: VALUE }) },
        deps,
      );
      expect(JSON.parse(sm.secrets.get("acme-data/dev/hubspot-api/main")!.versions[0].value)).toEqual({
        kind: "api-key",
        endpoint: "https://key-broker.internal/hubspot",
        keyId: "key-1",
        apiKey: VALUE,
        conn_type: "generic",
        login: "key-1",
        password: VALUE,
      });
    });

    it("writes a rotated AWS access key in the aws-iam-access-key contract shape, and refuses one without its user", async () => {
      const doc = fixtureDocument("acme.yaml");
      doc.connectors.push({
        id: "vendor-keys",
        purpose: "Access key handed to a vendor",
        owner: "platform-team",
        system: "aws",
        sensitivity: "high",
        store: "aws",
        credential: { type: "cloud-access-key", provider: "aws", mode: "rotated", seeded: true },
        consumers: [],
        environments: { prod: {} },
        lifecycle: { createdOn: "2026-01-01", reviewBy: "2027-01-01", state: "active" },
      });
      const inventory = validateDocument(doc).inventory!;
      sm.create("acme-data/prod/vendor-keys/main");
      const request = { inventory, connectorId: "vendor-keys", environment: "prod" };
      await expect(
        seedCredential({ ...request, raw: JSON.stringify({ accessKeyId: "AKIAEXAMPLE", secretAccessKey: VALUE }) }, deps),
      ).rejects.toThrow(/missing field\(s\) "userName"; expected "userName", "accessKeyId", "secretAccessKey"/);
      await seedCredential(
        { ...request, raw: JSON.stringify({ secretAccessKey: VALUE, accessKeyId: "AKIAEXAMPLE", userName: "vendor" }) },
        deps,
      );
      expect(sm.secrets.get("acme-data/prod/vendor-keys/main")!.versions[0].value).toBe(
        JSON.stringify({
          userName: "vendor",
          accessKeyId: "AKIAEXAMPLE",
          secretAccessKey: VALUE,
          conn_type: "aws",
          login: "AKIAEXAMPLE",
          password: VALUE,
        }),
      );
    });

    it("refuses a missing secret, an existing value, and sanitises SDK errors", async () => {
      const request = {
        inventory: acme,
        connectorId: "billing-mysql",
        environment: "prod",
        raw: JSON.stringify({ username: "billing_sync", password: VALUE }),
      };
      await expect(seedCredential(request, deps)).rejects.toThrow(
        /secret acme-data\/prod\/billing-mysql\/main does not exist: apply the environment's stack first/,
      );
      sm.create("acme-data/prod/billing-mysql/main");
      await seedCredential(request, deps);
      await expect(seedCredential(request, deps)).rejects.toThrow(/already has a current value; seed only creates: pass --overwrite/);
      sm.failPutWith = Object.assign(new Error(`Invalid request: ${VALUE}`), { name: "InvalidRequestException" });
      const error = await seedCredential({ ...request, overwrite: true }, deps).catch((e) => e);
      expect(error.message).toBe(
        "Secrets Manager refused the value for acme-data/prod/billing-mysql/main: InvalidRequestException: Invalid request: [redacted]",
      );
    });

    it("reminds the user to set seeded: true where rotation waits for it, and only there", async () => {
      const text = readFileSync("test/fixtures/inventories/acme.yaml", "utf8").replace(
        /(id: billing-mysql[\s\S]*?)seeded: true/,
        "$1seeded: false",
      );
      const unseeded = validateInventoryText(text).inventory!;
      sm.create("acme-data/dev/billing-mysql/main");
      const outcome = await seedCredential(
        {
          inventory: unseeded,
          connectorId: "billing-mysql",
          environment: "dev",
          raw: JSON.stringify({ username: "billing_sync", password: VALUE }),
        },
        deps,
      );
      expect(outcome.reminders).toEqual([
        "set connectors[billing-mysql].credential.seeded: true in the inventory, then synth and apply: rotation waits for it",
      ]);
      sm.create("acme-data/dev/google-ads/developer-token");
      const reminderOnly = await seedCredential(
        { inventory: realworld, connectorId: "google-ads", environment: "dev", credentialName: "developer-token", raw: VALUE },
        deps,
      );
      expect(reminderOnly.reminders).toEqual([]);
    });
  });

  describe("refusals", () => {
    it.each([
      ["legacy-ftp", "dev", "main", /connector "legacy-ftp" is quarantined/],
      ["orders-postgres", "dev", "main", /dynamic database role\): there is no value to seed/],
      ["warehouse-mtls", "dev", "main", /PKI engine issues its certificates/],
      ["nope", "dev", "main", /no connector "nope" in the inventory/],
      ["stripe-api", "qa", "main", /no environment "qa"/],
      ["hubspot-api", "staging", "main", /does not exist in staging \(it lives in: dev, prod\)/],
      ["stripe-api", "dev", "other", /has no credential "other" \(it has: main\)/],
    ])("refuses %s in %s (%s)", async (connectorId, environment, credentialName, message) => {
      await expect(seedCredential({ inventory: acme, connectorId, environment, credentialName, raw: VALUE }, deps)).rejects.toThrow(
        message,
      );
      expect(vault.requests).toEqual([]);
    });

    it.each([
      ["s3-landing", "main", /IAM role the consumer assumes/],
      ["erp-mssql", "tunnel", /SSH engine signs short-lived certificates/],
      ["redshift-sink", "staging", /cloud secrets engine issues its keys/],
      ["bigquery-export", "main", /GCP secrets engine/],
    ])("refuses %s/%s: nothing to seed", async (connectorId, credentialName, message) => {
      await expect(
        seedCredential({ inventory: realworld, connectorId, environment: "dev", credentialName, raw: VALUE }, deps),
      ).rejects.toThrow(message);
    });

    it("refuses empty input and non-JSON for multi-field kinds, never quoting the input", async () => {
      await expect(seedCredential({ inventory: acme, connectorId: "stripe-api", environment: "dev", raw: "\n" }, deps)).rejects.toThrow(
        /stdin is empty/,
      );
      const error = await seedCredential({ inventory: acme, connectorId: "billing-mysql", environment: "prod", raw: VALUE }, deps).catch(
        (e) => e,
      );
      expect(error.message).toMatch(/expected a JSON object with "username", "password"/);
      const broken = await seedCredential(
        { inventory: acme, connectorId: "billing-mysql", environment: "prod", raw: `{"password": "${VALUE}"` },
        deps,
      ).catch((e) => e);
      expect(broken.message).toMatch(/not a JSON object/);
      expect(`${error.message}${broken.message}`).not.toContain(VALUE);
    });
  });

  describe("GIVEN a key pair", () => {
    // Generated per run: no key material in the repository.
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const privateKey = rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const publicKey = rsa.publicKey.export({ type: "spki", format: "pem" }).toString();
    const expected = `SHA256:${createHash("sha256")
      .update(rsa.publicKey.export({ type: "spki", format: "der" }))
      .digest("base64")}`;
    // Rotated by reminder, so the stored value is the key itself (a broker-rotated pair holds the broker record).
    const reminderText = () =>
      readFileSync("test/fixtures/inventories/realworld.yaml", "utf8").replace(
        'rotation: { days: 30, slots: 2, endpoint: "https://key-broker.internal/snowflake" }',
        "rotation: { days: 30, slots: 2, reminder: true }",
      );
    const reminderKeyPair = () => validateInventoryText(reminderText()).inventory!;
    const awsKeyPair = () => {
      const text = reminderText()
        .replace(/(id: snowflake-loader[\s\S]*?)store: vault/, "$1store: aws")
        .replace(
          "auth: { method: kubernetes, serviceAccount: dbt-runner, namespace: analytics }",
          "auth: { method: aws-iam, roleName: dbt-runner }",
        );
      return validateInventoryText(text).inventory!;
    };

    it("records the public key's SHA-256 fingerprint in the KV custom metadata, never the key", async () => {
      const outcome = await seedCredential(
        { inventory: reminderKeyPair(), connectorId: "snowflake-loader", environment: "dev", raw: privateKey },
        deps,
      );
      expect(outcome.publicKeyFingerprint).toBe(expected);
      const patch = vault.requests.find((r) => r.method === "PATCH")!;
      expect(patch).toEqual({
        method: "PATCH",
        path: "/v1/kv/metadata/connectors/snowflake-loader/main",
        namespace: "etl/dev",
        body: { custom_metadata: { "public-key-sha256": expected } },
      });
      expect(vault.store.get(FakeVault.key("etl/dev", "kv", "connectors/snowflake-loader/main"))!.customMetadata).toEqual({
        "public-key-sha256": expected,
      });
      expect(JSON.stringify(patch)).not.toContain("PRIVATE KEY");
      expect(JSON.stringify(patch)).not.toContain(publicKey.split("\n")[1]);
    });

    it("tags the Secrets Manager secret with the fingerprint", async () => {
      sm.create("acme-data/dev/snowflake-loader/main");
      const outcome = await seedCredential(
        { inventory: awsKeyPair(), connectorId: "snowflake-loader", environment: "dev", raw: JSON.stringify({ privateKey, publicKey }) },
        deps,
      );
      expect(outcome.publicKeyFingerprint).toBe(expected);
      expect(sm.secrets.get("acme-data/dev/snowflake-loader/main")!.tags).toEqual({ "public-key-sha256": expected });
    });

    it("opens an encrypted private key with its passphrase", async () => {
      const passphrase = ["pa", "ss", "phrase", "42"].join("-");
      const encrypted = rsa.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase }).toString();
      const outcome = await seedCredential(
        {
          inventory: reminderKeyPair(),
          connectorId: "snowflake-loader",
          environment: "dev",
          raw: JSON.stringify({ privateKey: encrypted, passphrase }),
        },
        deps,
      );
      expect(outcome.publicKeyFingerprint).toBe(expected);
    });

    it("refuses, before writing anything, a key that does not parse or a public key of another pair", async () => {
      const other = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString();
      await expect(
        seedCredential({ inventory: reminderKeyPair(), connectorId: "snowflake-loader", environment: "dev", raw: VALUE }, deps),
      ).rejects.toThrow('snowflake-loader/main (key-pair): "privateKey" is not a PEM private key (or it is encrypted: add "passphrase")');
      const mismatch = await seedCredential(
        {
          inventory: reminderKeyPair(),
          connectorId: "snowflake-loader",
          environment: "dev",
          raw: JSON.stringify({ privateKey, publicKey: other }),
        },
        deps,
      ).catch((e) => e);
      expect(mismatch.message).toBe('snowflake-loader/main (key-pair): "publicKey" does not belong to "privateKey"');
      expect(vault.requests).toEqual([]);
    });

    it("takes the broker record for a broker-rotated pair (PEM in apiKey) and still records the fingerprint", async () => {
      await expect(
        seedCredential({ inventory: realworld, connectorId: "snowflake-loader", environment: "dev", raw: privateKey }, deps),
      ).rejects.toThrow(/apiKey/);
      const outcome = await seedCredential(
        {
          inventory: realworld,
          connectorId: "snowflake-loader",
          environment: "dev",
          raw: JSON.stringify({ keyId: "key-1", apiKey: privateKey }),
        },
        deps,
      );
      expect(outcome.publicKeyFingerprint).toBe(expected);
    });
  });
});

import { buildIntentManifest, intentManifestText, principalIds, type IntentManifest, type IntentPrincipal } from "../../lib/intent";
import { planInventory } from "../../lib/plan/inventory-plan";
import { validateDocument } from "../../lib/inventory/validate";
import { fixtureDocument, fixtureInventory } from "../support/inventories";

function principal(manifest: IntentManifest, environment: string, name: string, cls?: string): IntentPrincipal {
  const env = manifest.environments.find((e) => e.name === environment)!;
  const found = env.principals.find((p) => p.name === name && (cls === undefined || p.class === cls));
  if (!found) throw new Error(`no principal ${name} in ${environment}: ${env.principals.map((p) => p.id).join(", ")}`);
  return found;
}

describe("intent manifest", () => {
  const acme = buildIntentManifest(planInventory(fixtureInventory("acme.yaml")));
  const realworld = buildIntentManifest(planInventory(fixtureInventory("realworld.yaml")));

  it("lists every stack synth writes, sorted", () => {
    expect(acme.stacks).toEqual([
      "aws-111111111111",
      "aws-222222222222",
      "aws-333333333333",
      "dev",
      "prod",
      "staging",
      "test",
      "vault-acme-example",
      "vault-dev-acme-example",
    ]);
  });

  it("names a Vault consumer by cluster, namespace, auth mount and role, with exactly its paths", () => {
    const nightly = principal(acme, "prod", "orders-nightly");
    expect(nightly.id).toBe(principalIds.vaultAuthRole("vault.acme.example", "etl/prod", "approle", "orders-nightly"));
    expect(nightly.id).toBe("vault:vault.acme.example/etl/prod/auth/approle/role/orders-nightly");
    expect(nightly.class).toBe("consumer");
    expect(nightly.grants).toEqual([
      {
        credentialId: "orders-postgres/main",
        resource: "vault:vault.acme.example/etl/prod/database/creds/orders-postgres-main-orders-nightly",
        actions: ["read"],
      },
    ]);
  });

  it("uses the mount prefix in the root namespace with mount isolation", () => {
    const ingest = principal(acme, "test", "payments-ingest");
    expect(ingest.id).toBe("vault:vault.dev.acme.example/auth/etl-test/approle/role/payments-ingest");
    expect(ingest.grants.map((g) => g.resource)).toEqual([
      "vault:vault.dev.acme.example/etl-test/kv/data/connectors/stripe-api/main",
      "vault:vault.dev.acme.example/etl-test/kv/metadata/connectors/stripe-api/main",
    ]);
  });

  it("grants nothing on a quarantined credential, and says so", () => {
    const priceFiles = principal(acme, "dev", "price-files");
    expect(priceFiles.grants.every((g) => g.quarantined === true && g.actions.length === 0)).toBe(true);
    expect(priceFiles.grants).toHaveLength(2);
  });

  it("grants people nothing that reads a quarantined credential: operators keep the metadata, break-glass may only write the replacement", () => {
    const data = "vault:vault.acme.example/etl/prod/kv/data/connectors/legacy-ftp/main";
    const metadata = "vault:vault.acme.example/etl/prod/kv/metadata/connectors/legacy-ftp/main";
    const operators = principal(acme, "prod", "prod-operators");
    const breakGlass = principal(acme, "prod", "prod-break-glass");
    expect(operators.grants.filter((g) => g.credentialId === "legacy-ftp/main")).toEqual([
      { credentialId: "legacy-ftp/main", resource: data, actions: [], quarantined: true },
      { credentialId: "legacy-ftp/main", resource: metadata, actions: ["read"] },
    ]);
    expect(breakGlass.grants.filter((g) => g.credentialId === "legacy-ftp/main")).toEqual([
      { credentialId: "legacy-ftp/main", resource: data, actions: ["create", "update"], quarantined: true },
      { credentialId: "legacy-ftp/main", resource: metadata, actions: ["read"] },
    ]);
  });

  it("lets the AWS break-glass role replace and rotate a quarantined secret, never read it", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.connectors.find((c: any) => c.id === "billing-mysql").lifecycle.state = "quarantined";
    const result = validateDocument(doc);
    const manifest = buildIntentManifest(planInventory(result.inventory!));
    const breakGlass = manifest.environments
      .find((e) => e.name === "prod")!
      .principals.find((p) => p.class === "break-glass" && p.store === "aws")!;
    const billing = breakGlass.grants.find((g) => g.credentialId === "billing-mysql/main")!;
    expect(billing.actions).not.toContain("secretsmanager:GetSecretValue");
    expect(billing.actions).toEqual(
      expect.arrayContaining(["secretsmanager:PutSecretValue", "secretsmanager:RotateSecret", "secretsmanager:RestoreSecret"]),
    );
    expect(billing.quarantined).toBe(true);
    const hubspot = breakGlass.grants.find((g) => g.credentialId === "hubspot-api/main")!;
    expect(hubspot.actions).toContain("secretsmanager:GetSecretValue");
  });

  it("names AWS consumers, rotation functions and break-glass by role ARN", () => {
    const archiver = principal(acme, "prod", "orders-archiver");
    expect(archiver.id).toBe("arn:aws:iam::222222222222:role/orders-archiver-prod");
    expect(archiver.grants).toEqual([
      {
        credentialId: "orders-archive-postgres/main",
        resource: "arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme-data/prod/orders-archive-postgres/main-AbCdEf",
        actions: ["kms:Decrypt", "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
      },
    ]);
    const prod = acme.environments.find((e) => e.name === "prod")!;
    const rotation = prod.principals.filter((p) => p.class === "rotation-function");
    const alternating = rotation.find((p) => p.name === "postgresql-alternating-users")!;
    expect(alternating.grants.map((g) => [g.credentialId, g.actions.includes("secretsmanager:PutSecretValue")])).toEqual([
      ["orders-archive-postgres/main", true],
      ["orders-db-admin/main", false],
    ]);
    const breakGlass = prod.principals.find((p) => p.class === "break-glass" && p.store === "aws")!;
    expect(breakGlass.mfa).toBe(true);
    expect(breakGlass.grants.map((g) => g.credentialId)).toEqual([
      "billing-mysql/main",
      "hubspot-api/main",
      "orders-archive-postgres/main",
      "orders-db-admin/main",
    ]);
  });

  it("declares the key-broker rotation function's Vault login: read and check-and-set update of exactly the Vault-stored broker credentials", () => {
    const login = realworld.environments
      .find((e) => e.name === "dev")!
      .principals.find((p) => p.class === "rotation-function" && p.store === "vault" && p.name === "key-broker")!;
    expect(login.id).toBe("vault:vault.dev.acme.example/etl/dev/auth/aws/role/dev-rotation");
    expect(login.auth).toBe("aws-iam");
    expect(login.grants.map((g) => `${g.resource.replace("vault:vault.dev.acme.example/etl/dev/", "")} ${g.actions.join(",")}`)).toEqual([
      "kv/data/connectors/kafka-events/main read,update",
      "kv/metadata/connectors/kafka-events/main read",
      "kv/data/connectors/snowflake-loader/main read,update",
      "kv/metadata/connectors/snowflake-loader/main read",
    ]);
  });

  it("puts approvals on human reads of critical credentials in production only", () => {
    const operators = principal(acme, "prod", "prod-operators");
    const creds = operators.grants.find((g) => g.resource.endsWith("/database/creds/orders-postgres-main_operator"))!;
    expect(creds.approval).toEqual({ group: "data-platform-leads", approvals: 2 });
    // People who read values have Vault groups in production only (auditors, in every environment, read metadata).
    // Besides consumers and the auditor, only the reminder checker (KV metadata reads, test/intent/reminders.test.ts)
    // and, outside production, the drillers (test/constructs/drill/drill-identity.test.ts).
    expect(
      acme.environments
        .find((e) => e.name === "dev")!
        .principals.filter((p) => p.store === "vault" && p.class !== "consumer" && p.class !== "auditor")
        .map((p) => p.name),
    ).toEqual(["reminders", "dev-drillers"]);
    expect(
      principal(acme, "prod", "prod-operators")
        .grants.filter((g) => g.approval)
        .map((g) => g.resource),
    ).toEqual(["vault:vault.acme.example/etl/prod/database/creds/orders-postgres-main_operator"]);
  });

  it("grants write-back on exactly the consumer's own data path and secret", () => {
    const crm = principal(realworld, "prod", "crm-sync");
    const data = crm.grants.find((g) => g.resource.endsWith("/kv/data/connectors/salesforce-crm/main"))!;
    expect(data.actions).toEqual(["patch", "read", "update"]);
    expect(data.writeBack).toBe(true);
    const metadata = crm.grants.find((g) => g.resource.endsWith("/kv/metadata/connectors/salesforce-crm/main"))!;
    expect(metadata.actions).toEqual(["read"]);
  });

  it("gives every engine path its own location: ssh sign, gcp roleset key and token, aws creds", () => {
    const prod = realworld.environments.find((e) => e.name === "prod")!;
    const resources = prod.credentials.flatMap((c) => c.locations.map((l) => l.resource));
    expect(resources).toEqual(
      expect.arrayContaining([
        "vault:vault.acme.example/etl/prod/ssh/sign/erp-mssql-tunnel-ledger-extract",
        "vault:vault.acme.example/etl/prod/gcp/roleset/bigquery-export-main/key",
        "vault:vault.acme.example/etl/prod/gcp/roleset/bigquery-export-main/token",
        "vault:vault.acme.example/etl/prod/aws/creds/redshift-sink-staging",
      ]),
    );
  });

  it("is deterministic: the same plan gives the same bytes", () => {
    const plan = planInventory(fixtureInventory("acme.yaml"));
    expect(intentManifestText(plan)).toBe(intentManifestText(planInventory(fixtureInventory("acme.yaml"))));
  });

  it("declares the role Vault's AWS engine assumes for a dynamic AWS key, with no secret grant", () => {
    const role = principal(realworld, "dev", "redshift-sink/staging", "credential-role");
    expect(role).toEqual({
      id: "arn:aws:iam::111111111111:role/redshift-staging-dev",
      class: "credential-role",
      environment: "dev",
      name: "redshift-sink/staging",
      store: "aws",
      auth: "iam-role",
      grants: [],
    });
  });
});

describe("intent manifest: what the review shows about a credential and the checks", () => {
  const plan = planInventory(fixtureInventory("acme.yaml"));
  const acme = buildIntentManifest(plan);
  const stripe = (manifest: IntentManifest) =>
    manifest.environments.find((e) => e.name === "prod")!.credentials.find((c) => c.id === "stripe-api/main")!;

  it("carries each credential's owner, class and regulations (ids and enums only)", () => {
    expect(stripe(acme)).toMatchObject({ owner: "growth-team", sensitivity: "high", regulations: ["pci"] });
  });

  it("leaves out an owner that display rules would redact", () => {
    const doc = fixtureDocument("acme.yaml");
    const generated = ["q7x", "9k2", "p4z"].join("");
    doc.owners.push({ id: generated, name: "Generated", email: "gen@acme.example" });
    doc.connectors.find((c: { id: string }) => c.id === "stripe-api").owner = generated;
    const result = validateDocument(doc);
    const manifest = buildIntentManifest(planInventory(result.inventory!));
    expect(stripe(manifest).owner).toBeUndefined();
    expect(JSON.stringify(manifest)).not.toContain(generated);
  });

  it("lists check suppressions by rule and target, never their reason, and redacts a rule or target that is not plainly one", () => {
    const reason = "accepted until the partner migrates, see ticket";
    const canary = ["Zq8", "Lp3", "Xw7", "Nm2"].join("");
    // As the inventory declares them (with their reason).
    const declared = [
      { rule: "CKV_AWS_304", target: "prod/aws/secret-stripe-api_main", reason },
      { rule: "ETL-VAULT-011", reason },
      { rule: canary, target: `prod/${canary}`, reason },
    ];
    const manifest = buildIntentManifest(plan, [], declared);
    expect(manifest.suppressions).toEqual([
      { rule: "<redacted, 12 chars>", target: "<redacted, 17 chars>" },
      { rule: "CKV_AWS_304", target: "prod/aws/secret-stripe-api_main" },
      { rule: "ETL-VAULT-011" },
    ]);
    const text = intentManifestText(plan, [], declared);
    expect(text).not.toContain(reason);
    expect(buildIntentManifest(plan).suppressions).toBeUndefined();
  });
});

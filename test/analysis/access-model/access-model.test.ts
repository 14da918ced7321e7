import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadAccessModel, SynthDirError, syntheticKeyId } from "../../../lib/analysis/access-model";
import { editStack, resourceKey, SynthDirs } from "../../support/analysis/synth-dirs";

const dirs = new SynthDirs();
let acme: string;
beforeAll(() => {
  acme = dirs.fixture("acme.yaml");
});
afterAll(() => dirs.cleanup());

describe("access model from a synth directory", () => {
  it("collects Vault auth roles and groups with their policies and namespaces", () => {
    const model = loadAccessModel(acme);
    const nightly = model.principals.find((p) => p.id === "vault:vault.acme.example/etl/prod/auth/approle/role/orders-nightly");
    expect(nightly).toMatchObject({
      kind: "vault",
      environment: "prod",
      class: "consumer",
      namespace: "etl/prod",
      policyNames: ["prod-consumer-orders-nightly"],
    });
    const breakGlass = model.principals.find((p) => p.id === "vault:vault.acme.example/etl/prod/identity/group/prod-break-glass");
    expect(breakGlass).toMatchObject({ kind: "vault", class: "break-glass", policyNames: ["prod-break-glass"] });
    const test = model.principals.find((p) => p.id === "vault:vault.dev.acme.example/auth/etl-test/approle/role/payments-ingest");
    expect(test).toMatchObject({ namespace: "", environment: "test" });
  });

  it("resolves role ARNs (with the IAM path), secret ARNs and key ARNs from the provider's account and region", () => {
    const model = loadAccessModel(acme);
    const billing = model.principals.find((p) => p.id === "arn:aws:iam::222222222222:role/billing-sync-prod");
    expect(billing).toMatchObject({ kind: "iam", environment: "prod", class: "consumer" });
    expect(billing?.kind === "iam" && billing.tags.environment).toBe("prod");
    const secret = model.locations.find(
      (l) => l.id === "arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme-data/prod/billing-mysql/main-AbCdEf",
    );
    expect(secret).toMatchObject({ store: "aws", environment: "prod", credentialId: "billing-mysql/main", origin: ["intent", "synth"] });
    expect(secret?.store === "aws" && secret.kmsKeyArn).toMatch(
      /^arn:aws:kms:eu-west-1:222222222222:key\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(secret?.store === "aws" && secret.resourcePolicy?.statements.map((s) => s.sid)).toEqual([
      "DenyOtherAccounts",
      "DenyOtherEnvironments",
      "RotationFunctionRotates",
      "DenyUntaggedPrincipalsValue",
    ]);
    // The rotation role is named by the secret's resource policy with its resolved ARN.
    const rotates = secret?.store === "aws" ? secret.resourcePolicy?.statements[2].principals?.aws[0] : undefined;
    expect(rotates).toMatch(/^arn:aws:iam::222222222222:role\/acme-data\/prod\/acme-data-prod-rotate-mysql-single-user$/);
    expect(syntheticKeyId("prod", "aws_kms_key.x")).toBe(syntheticKeyId("prod", "aws_kms_key.x"));
  });

  it("adds every environment's declared locations, so cross-environment attempts are evaluated", () => {
    const model = loadAccessModel(acme);
    const environments = new Set(model.locations.map((l) => l.environment));
    expect(environments).toEqual(new Set(["dev", "test", "staging", "prod"]));
  });
});

describe("bad input: a clear error, never a silent 0", () => {
  it("refuses a missing directory", () => {
    expect(() => loadAccessModel(join(acme, "nope"))).toThrow(
      new SynthDirError(
        `${join(acme, "nope")}: no such directory; run \`etl-secrets synth <inventory> --out <dir>\` or \`npx cdktf synth\` first`,
      ),
    );
  });

  it("refuses a directory without stacks/, or whose stacks carry no intent metadata and have no intent.json beside them", () => {
    expect(() => loadAccessModel(dirs.temp())).toThrow(/no stacks\/ directory, so not a synth output/);
    const dir = dirs.copy(acme);
    for (const stack of readdirSync(join(dir, "stacks"))) editStack(dir, stack, (json) => delete json["//"]["etl-secrets"]);
    expect(() => loadAccessModel(dir)).toThrow(
      /no stack carries the etl-secrets metadata \("\/\/"."etl-secrets"\) and no intent.json is beside the stacks/,
    );
  });

  it("refuses a partial synth output", () => {
    const dir = dirs.copy(acme);
    rmSync(join(dir, "stacks", "prod"), { recursive: true });
    expect(() => loadAccessModel(dir)).toThrow(/partial synth output: missing stacks\/prod\/cdk.tf.json/);
  });

  it("refuses JSON that is not cdktf output", () => {
    expect(() => loadAccessModel(join(__dirname, "..", "..", "fixtures", "synth", "not-cdktf"))).toThrow(
      /not cdktf output \(no "\/\/".metadata.stackName\)/,
    );
    const dir = dirs.copy(acme);
    writeFileSync(join(dir, "stacks", "dev", "cdk.tf.json"), "{ not json");
    expect(() => loadAccessModel(dir)).toThrow(/the stack is not valid JSON/);
  });

  it("reports an unknown resource type and an auth role type it does not model as errors", () => {
    const dir = dirs.copy(acme);
    editStack(dir, "dev", (json) => {
      json.resource.vault_token_auth_backend_role = { planted: { role_name: "x", allowed_policies: ["dev-consumer-payments-ingest"] } };
      json.resource.acme_mystery_thing = { planted: { name: "x" } };
    });
    const issues = loadAccessModel(dir).issues.filter((i) => i.severity === "error");
    expect(issues).toEqual([
      {
        severity: "error",
        stack: "dev",
        address: "acme_mystery_thing.planted",
        message: 'unknown resource type "acme_mystery_thing": simulate cannot tell whether it grants access to a secret',
      },
      {
        severity: "error",
        stack: "dev",
        address: "vault_token_auth_backend_role.planted",
        message: '"vault_token_auth_backend_role" can grant access, but simulate does not model it (not modelled)',
      },
    ]);
  });

  it("reports a policy that cannot be read", () => {
    const dir = dirs.copy(acme);
    editStack(dir, "dev", (json) => {
      json.resource.vault_policy[resourceKey(json, "vault_policy", "consumer-payments-ingest_")].policy =
        'path "kv/x" { capabilities = ["reed"] }';
    });
    expect(loadAccessModel(dir).issues).toContainEqual(
      expect.objectContaining({ severity: "error", message: expect.stringMatching(/policy text cannot be read: .*"reed"/) }),
    );
  });
});

import { App, Testing } from "cdktf";
import { addEtlSecretsStacks } from "../../../lib/constructs/etl-secrets-app";
import { validateDocument } from "../../../lib/inventory/validate";
import { fixtureDocument, fixtureInventory } from "../../support/inventories";
import { stackJson, synthFiles } from "../../support/synth";
import { fixtureSynthFiles } from "../../support/fixture-synth";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeInventory } from "../../../lib/constructs/synthesize";

describe("stacks", () => {
  const acme = fixtureSynthFiles("acme.yaml");

  it("writes one stack per environment, Vault cluster and AWS account", () => {
    const stacks = [...acme.keys()].filter((f) => f.endsWith("cdk.tf.json")).map((f) => f.split("/")[1]);
    expect(stacks).toEqual([
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

  it("configures the environment's Vault provider in its namespace", () => {
    expect(stackJson(acme, "prod").provider.vault).toEqual([{ address: "https://vault.acme.example:8200", namespace: "etl/prod" }]);
    expect(stackJson(acme, "test").provider.vault).toEqual([{ address: "https://vault.dev.acme.example:8200" }]);
  });

  it("pins the AWS provider to the spec's account, region and default tags", () => {
    expect(stackJson(acme, "prod").provider.aws).toEqual([
      {
        allowed_account_ids: ["222222222222"],
        default_tags: [{ tags: { environment: "prod", "managed-by": "cdktf-etl-secrets", organization: "acme-data" } }],
        region: "eu-west-1",
      },
    ]);
    expect(stackJson(acme, "test").provider.aws).toBeUndefined();
  });

  it("keeps local state outside the synth output", () => {
    expect(stackJson(acme, "prod").terraform.backend).toEqual({ local: { path: "../../../terraform-state/prod.tfstate" } });
  });

  it("creates namespaces and their parents in the cluster stack, protected in production", () => {
    const namespaces = stackJson(acme, "vault-acme-example").resource.vault_namespace;
    expect(Object.keys(namespaces)).toEqual(["namespace-etl", "namespace-etl--prod", "namespace-etl--staging"]);
    expect(namespaces["namespace-etl--prod"]).toMatchObject({ path: "prod", namespace: "etl", lifecycle: { prevent_destroy: true } });
    const devNamespaces = stackJson(acme, "vault-dev-acme-example").resource.vault_namespace;
    expect(devNamespaces["namespace-etl--dev"].lifecycle).toEqual({ prevent_destroy: false });
  });

  it("uses an S3 backend with native locking when the environment names one", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.environments[3].backend = { type: "s3", bucket: "acme-terraform-state", region: "eu-west-1" };
    const inventory = validateDocument(doc).inventory!;
    const app = Testing.app();
    const stacks = addEtlSecretsStacks(app, inventory, { checks: false });
    const prod = JSON.parse(Testing.synth(stacks.environments.get("prod")!));
    expect(prod.terraform.backend).toEqual({
      s3: { bucket: "acme-terraform-state", encrypt: true, key: "acme-data/prod.tfstate", region: "eu-west-1", use_lockfile: true },
    });
  });

  it("skips the OpenBao provider's version lookup", () => {
    const doc = fixtureDocument("acme.yaml");
    for (const env of doc.environments) if (env.vault) env.vault.edition = "openbao";
    delete doc.environments[3].approvals;
    const outcome = validateDocument(doc);
    // Valid; warnings remain (audit log not shipped, sox without approvals): not what is tested here.
    expect(outcome.issues.filter((issue) => issue.severity === "error")).toEqual([]);
    const app = new App({ outdir: Testing.app().outdir });
    const stacks = addEtlSecretsStacks(app, outcome.inventory!, { checks: false });
    const prod = JSON.parse(Testing.synth(stacks.environments.get("prod")!));
    expect(prod.provider.vault[0]).toMatchObject({ skip_get_vault_version: true, vault_version_override: "1.15.0" });
  });
});

describe("determinism and address stability", () => {
  it("writes the same bytes on every run", () => {
    // The run's shared synth was made in another process (jest's globalSetup): the same bytes across processes too.
    const first = fixtureSynthFiles("acme.yaml");
    const second = synthFiles(fixtureInventory("acme.yaml"));
    expect(second).toEqual(first);
  });

  it("writes the same bytes when connectors, consumers, owners and environments are reordered", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.connectors.reverse();
    doc.owners.reverse();
    doc.environments.reverse();
    for (const connector of doc.connectors) connector.consumers?.reverse();
    const reordered = synthFiles(validateDocument(doc).inventory!);
    expect(reordered).toEqual(fixtureSynthFiles("acme.yaml"));
  });
});

describe("the Terraform contract of every stack", () => {
  it("declares the oldest Terraform and OpenTofu its features need (write-only arguments, ephemeral variables: 1.11)", () => {
    const out = mkdtempSync(join(tmpdir(), "etl-required-version-"));
    try {
      synthesizeInventory(fixtureInventory("acme.yaml"), out);
      const stacks = readdirSync(join(out, "stacks"));
      expect(stacks.length).toBeGreaterThan(5);
      for (const stack of stacks) {
        const json = JSON.parse(readFileSync(join(out, "stacks", stack, "cdk.tf.json"), "utf8"));
        expect([stack, json.terraform.required_version]).toEqual([stack, ">= 1.11.0"]);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { VaultProvider } from "@cdktf/provider-vault/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { addEtlSecretsStacks } from "../../../lib/constructs/etl-secrets-app";
import { EtlSecretsAwsAccount } from "../../../lib/constructs/compose/etl-secrets-aws-account";
import { EtlSecretsVaultCluster } from "../../../lib/constructs/compose/etl-secrets-vault-cluster";
import { loadInventory } from "../../../lib/inventory/load";
import { byPath, PROD, synthJson } from "./support";

const multiEnv = loadInventory(join(__dirname, "..", "..", "..", "examples", "multi-env", "connectors.yaml"));

function sameResources(library: any, libraryPrefix: string, composed: any, composedPrefix: string): void {
  const ours = byPath(library, libraryPrefix);
  const theirs = byPath(composed, composedPrefix);
  expect([...theirs.keys()].sort()).toEqual([...ours.keys()].sort());
  const rename = new Map([...ours].map(([path, { name }]) => [name, theirs.get(path)!.name]));
  const strip = (body: any, names: ReadonlyMap<string, string>): any =>
    JSON.parse(
      JSON.stringify(body, (k, v) =>
        k === "//" || k === "tags" ? undefined : typeof v === "string" ? v.replace(/[A-Za-z0-9_-]+/g, (w) => names.get(w) ?? w) : v,
      ),
    );
  for (const [path, { body }] of ours) expect(strip(theirs.get(path)!.body, new Map())).toEqual(strip(body, rename));
}

describe("EtlSecretsVaultCluster", () => {
  it("renders the cluster stack's namespaces, audit devices and settings into a team's stack, with prefixed outputs", () => {
    const library = synthJson(
      addEtlSecretsStacks(Testing.app(), multiEnv, { checks: false }).vaultClusters.get("vault-acme-example")!,
      false,
    );
    const stack = new TerraformStack(Testing.app(), "platform");
    new VaultProvider(stack, "vault", { address: PROD.address });
    new EtlSecretsVaultCluster(stack, "vault-cluster", { inventory: multiEnv, cluster: PROD.address, outputs: { prefix: "etl" } });
    const json = synthJson(stack);
    sameResources(library, "vault-acme-example/", json, "platform/vault-cluster/");
    expect(Object.keys(json.output).sort()).toEqual(["etl__vault_namespace__prod", "etl__vault_namespace__staging"]);
  });

  it("needs a provider in the root namespace, and names the clusters it knows", () => {
    const stack = new TerraformStack(Testing.app(), "platform");
    new VaultProvider(stack, "vault", { address: PROD.address, namespace: "etl" });
    new EtlSecretsVaultCluster(stack, "vault-cluster", { inventory: multiEnv, cluster: "vault-acme-example" });
    expect(() => Testing.synth(stack, true)).toThrow(
      /platform\/vault-cluster: the Vault provider works in namespace etl, but the Vault objects it renders live in the root namespace/,
    );
    expect(() => new EtlSecretsVaultCluster(new TerraformStack(Testing.app(), "x"), "c", { inventory: multiEnv })).toThrow(
      "x/c: the inventory has 2 Vault clusters; name one with cluster (known: vault-acme-example, vault-dev-acme-example)",
    );
  });
});

describe("EtlSecretsAwsAccount", () => {
  it("renders the account stack's trail and OIDC providers into a team's stack", () => {
    const library = synthJson(addEtlSecretsStacks(Testing.app(), multiEnv, { checks: false }).awsAccounts.get(PROD.accountId)!, false);
    const stack = new TerraformStack(Testing.app(), "platform");
    new AwsProvider(stack, "aws", { region: PROD.region, allowedAccountIds: [PROD.accountId] });
    const account = new EtlSecretsAwsAccount(stack, "account", { inventory: multiEnv, accountId: PROD.accountId });
    const json = synthJson(stack);
    sameResources(library, `aws-${PROD.accountId}/`, json, "platform/account/");
    expect(account.checks?.findings.filter((f) => f.severity === "error" && !f.suppressedBecause)).toEqual([]);
  });

  it("refuses a provider that may not touch the account, and an account the inventory lacks", () => {
    const stack = new TerraformStack(Testing.app(), "platform");
    new AwsProvider(stack, "aws", { region: PROD.region, allowedAccountIds: ["999999999999"] });
    new EtlSecretsAwsAccount(stack, "account", { inventory: multiEnv, accountId: PROD.accountId });
    expect(() => Testing.synth(stack, true)).toThrow(
      /platform\/account: the AWS provider's allowed_account_ids exclude the inventory's account 222222222222/,
    );
    expect(
      () => new EtlSecretsAwsAccount(new TerraformStack(Testing.app(), "x"), "a", { inventory: multiEnv, accountId: "444444444444" }),
    ).toThrow("x/a: the inventory has no AWS account 444444444444; known: 111111111111, 222222222222, 333333333333");
  });
});

import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { addEtlSecretsStacks } from "../../../lib/constructs/etl-secrets-app";
import { EtlSecretsVaultAudit } from "../../../lib/constructs/compose/etl-secrets-vault-audit";
import { loadInventory } from "../../../lib/inventory/load";
import { byPath, synthJson } from "./support";

const multiEnv = loadInventory(join(__dirname, "..", "..", "..", "examples", "multi-env", "connectors.yaml"));

describe("EtlSecretsVaultAudit", () => {
  it("renders the same resources as the library's audit stack into a team's stack", () => {
    const library = synthJson(
      addEtlSecretsStacks(Testing.app(), multiEnv, { checks: false }).vaultAudits.get("vault-acme-example-audit")!,
      false,
    );
    const stack = new TerraformStack(Testing.app(), "log-archive");
    new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: ["444444444444"] });
    new EtlSecretsVaultAudit(stack, "vault-audit", { inventory: multiEnv });
    const json = synthJson(stack);
    const ours = byPath(library, "vault-acme-example-audit/");
    const theirs = byPath(json, "log-archive/vault-audit/");
    expect([...theirs.keys()].sort()).toEqual([...ours.keys()].sort());
  });

  it("needs a provider in the audit account, and names the clusters that declare vault.audit", () => {
    const stack = new TerraformStack(Testing.app(), "log-archive");
    new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: ["222222222222"] });
    new EtlSecretsVaultAudit(stack, "vault-audit", { inventory: multiEnv, cluster: "vault-acme-example" });
    expect(() => Testing.synth(stack, true)).toThrow(/444444444444/);
    expect(
      () =>
        new EtlSecretsVaultAudit(new TerraformStack(Testing.app(), "x"), "a", { inventory: multiEnv, cluster: "vault-dev-acme-example" }),
    ).toThrow('x/a: no Vault cluster "vault-dev-acme-example" declares vault.audit; known: vault-acme-example');
  });
});

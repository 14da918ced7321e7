import { namespacesWithParents } from "../../lib/plan/cluster-plan";
import { planInventory } from "../../lib/plan/inventory-plan";
import { validateDocument } from "../../lib/inventory/validate";
import { fixtureDocument, fixtureInventory } from "../support/inventories";

describe("cluster and account plans", () => {
  const plan = planInventory(fixtureInventory("acme.yaml"));

  it("creates every namespace with its parents, parents first", () => {
    expect(namespacesWithParents(["etl/prod", "etl/staging", "data/etl/x"])).toEqual([
      "data",
      "etl",
      "data/etl",
      "etl/prod",
      "etl/staging",
      "data/etl/x",
    ]);
  });

  it("groups environments by Vault cluster, whatever their isolation", () => {
    expect(plan.vaultClusters.map((c) => [c.stackName, c.environments, c.namespaces, c.production])).toEqual([
      ["vault-acme-example", ["prod", "staging"], ["etl", "etl/prod", "etl/staging"], true],
      ["vault-dev-acme-example", ["dev", "test"], ["etl", "etl/dev"], false],
    ]);
  });

  it("groups environments by AWS account and collects their regulations", () => {
    expect(plan.awsAccounts.map((a) => [a.stackName, a.environments, a.production, a.regulations])).toEqual([
      ["aws-111111111111", ["dev"], false, ["sox", "pci", "gdpr"]],
      ["aws-222222222222", ["prod"], true, ["sox", "pci", "gdpr"]],
      ["aws-333333333333", ["staging"], false, ["sox", "pci"]],
    ]);
  });

  it("keeps each shared stack's state in a backend of its own", () => {
    expect(plan.vaultClusters[0].backend).toEqual({ kind: "local", path: "../../../terraform-state/vault-acme-example.tfstate" });
  });

  it("plans one cluster stack for every spelling of one cluster (case, default port, trailing dot)", () => {
    const doc = fixtureDocument("acme.yaml");
    const staging = doc.environments.find((env: { name: string }) => env.name === "staging");
    staging.vault.address = "https://VAULT.acme.example.:443/";
    const result = validateDocument(doc);
    expect(result.issues.filter((issue) => issue.severity === "error")).toEqual([]);

    const lookalike = planInventory(result.inventory!);
    expect(lookalike.vaultClusters.map((c) => [c.stackName, c.environments])).toEqual([
      ["vault-acme-example", ["prod", "staging"]],
      ["vault-dev-acme-example", ["dev", "test"]],
    ]);
    expect(lookalike.environments.find((env) => env.name === "staging")?.vault?.clusterStack).toBe("vault-acme-example");
  });
});

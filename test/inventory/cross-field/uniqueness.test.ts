import { formatIssue } from "../../../lib/inventory";
import { baseInventory, inventoryWith, issuesOf, messagesOf, messagesWithCode } from "../../support/inventory/base-inventory";

describe("uniqueness: ids are addresses", () => {
  it("passes when owners, environments, connectors, consumers and roles are distinct", () => {
    expect(messagesOf(baseInventory())).toEqual([]);
  });

  it("fails when two owners share an id", () => {
    const doc = inventoryWith((d) => void d.owners.push({ ...d.owners[0], name: "Orders again" }));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "owners[1].id: duplicate owner id "orders-team" (first declared at owners[0].id); each owner id must be unique",
]
`);
  });

  it("fails when two environments share a name", () => {
    const doc = inventoryWith(
      (d) => void d.environments.push({ ...d.environments[0], vault: { ...d.environments[0].vault, mountPrefix: "etl/dev2" } }),
    );

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "environments[2].name: duplicate environment name "dev" (first declared at environments[0].name); each environment name must be unique",
]
`);
  });

  it("fails when two connectors share an id, reporting the second one", () => {
    const doc = inventoryWith((d) => void (d.connectors[1].id = "orders-postgres"));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[1].id: duplicate connector id "orders-postgres" (first declared at connectors[0].id); each connector id must be unique",
]
`);
  });

  it("fails when one connector lists a consumer id twice", () => {
    const doc = inventoryWith((d) => void d.connectors[0].consumers.push(structuredClone(d.connectors[0].consumers[0])));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].consumers[1].id: duplicate consumer id "orders-nightly" in connector "orders-postgres" (first declared at connectors[0].consumers[0].id); each consumer id must be unique",
]
`);
  });

  it("passes when the same consumer id (one service account) appears under two connectors", () => {
    const doc = inventoryWith(
      (d) => void (d.connectors[1].consumers[0] = { id: "billing-sync", auth: { method: "aws-iam", roleName: "billing-sync" } }),
    );

    expect(messagesOf(doc)).toEqual([]);
  });

  describe("on one Vault cluster", () => {
    const sharedCluster = (vault: Record<string, unknown>) =>
      inventoryWith((d) => {
        d.environments.push({
          name: "staging",
          tier: "non-production",
          stores: ["vault"],
          vault: { address: "https://vault.acme.example:8200/", edition: "enterprise", ...vault },
        });
      });

    it("passes when environments use different namespaces", () => {
      expect(messagesOf(sharedCluster({ isolation: "namespace", namespace: "etl/staging" }))).toEqual([]);
    });

    it("fails when two environments share a namespace (a trailing slash on the address is the same cluster)", () => {
      expect(messagesOf(sharedCluster({ isolation: "namespace", namespace: "etl/prod" }))).toMatchInlineSnapshot(`
[
  "environments[2].vault.namespace: duplicate Vault namespace "etl/prod" on one Vault cluster (first declared at environments[1].vault.namespace); each Vault namespace must be unique",
]
`);
    });

    it("fails when two environments share a mount prefix, the default etl-<name> included", () => {
      const doc = inventoryWith((d) => {
        d.environments.push({
          name: "test",
          tier: "non-production",
          stores: ["vault"],
          vault: { address: "https://vault.dev.acme.example:8200", isolation: "mount", mountPrefix: "etl-dev" },
        });
      });

      expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "environments[2].vault.mountPrefix: duplicate Vault mount prefix "etl-dev" on one Vault cluster (first declared at environments[0].vault.mountPrefix); each Vault mount prefix must be unique",
]
`);
    });
  });

  it("names a role name that is not a lower-case slug only by its length", () => {
    const doc = inventoryWith((d) => {
      d.connectors[1].consumers[0].auth.roleName = "Billing-Sync";
      d.connectors[1].consumers.push({ id: "billing-audit", auth: { method: "aws-iam", roleName: "Billing-Sync" } });
    });

    expect(messagesWithCode(doc, "duplicate-role-name")).toEqual([
      'connectors[1].consumers[1].auth.roleName: IAM role <redacted, 12 chars> is already the role of consumer "billing-sync"; each consumer needs its own role name',
    ]);
  });

  it("fails when two consumers ask for one IAM role name", () => {
    const doc = inventoryWith((d) => {
      d.connectors[1].consumers.push({ id: "billing-audit", auth: { method: "aws-iam", roleName: "billing-sync" } });
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[1].consumers[1].auth.roleName: IAM role "billing-sync" is already the role of consumer "billing-sync"; each consumer needs its own role name",
]
`);
  });
});

describe("uniqueness: a lookalike address is the same Vault cluster", () => {
  // prod declares https://vault.acme.example:8200 with namespace etl/prod (base inventory).
  const lookalike = (address: string, vault: Record<string, unknown> = { isolation: "namespace", namespace: "etl/prod" }) =>
    inventoryWith((d) => {
      d.environments.push({
        name: "staging",
        tier: "non-production",
        stores: ["vault"],
        vault: { address, edition: "enterprise", ...vault },
      });
    });

  it.each([
    "https://VAULT.acme.example",
    "https://vault.acme.example",
    "https://vault.acme.example:443/",
    "https://Vault.Acme.Example:8200",
    "https://vault.acme.example.:8200",
  ])("refuses a non-production environment that declares production's namespace through %s", (address) => {
    const errors = issuesOf(lookalike(address)).filter((issue) => issue.severity === "error");

    expect(errors.map((issue) => formatIssue(issue))).toEqual([
      'environments[2].vault.namespace: duplicate Vault namespace "etl/prod" on one Vault cluster (first declared at environments[1].vault.namespace); each Vault namespace must be unique',
    ]);
  });

  it("warns that one cluster is spelled two ways, naming both addresses' paths", () => {
    expect(
      messagesWithCode(
        lookalike("https://VAULT.acme.example", { isolation: "namespace", namespace: "etl/staging" }),
        "vault-address-spelling",
      ),
    ).toEqual([
      "warning: environments[2].vault.address: reaches the same Vault cluster as environments[1].vault.address, spelled differently (case, default port or trailing dot); " +
        "it is one cluster, so the environments share its namespaces, mounts and object names: write the address the same way in both",
    ]);
  });

  it("keeps another port a separate cluster", () => {
    expect(issuesOf(lookalike("https://vault.acme.example:8443")).filter((issue) => issue.severity === "error")).toEqual([]);
  });

  it("refuses a mount prefix beside a lookalike cluster's namespace", () => {
    const doc = lookalike("https://VAULT.acme.example", { isolation: "mount", mountPrefix: "etl" });
    expect(messagesWithCode(doc, "mount-prefix-collides-with-namespace")).toHaveLength(1);
  });

  it("refuses two editions for one cluster spelled two ways", () => {
    const doc = lookalike("https://VAULT.acme.example", { edition: "openbao", isolation: "namespace", namespace: "etl/staging" });
    expect(messagesWithCode(doc, "cluster-edition-mismatch")).toHaveLength(1);
  });
});

describe("nested namespaces on one cluster", () => {
  it("refuses an environment whose namespace lies inside another environment's, however the cluster is spelled", () => {
    const doc = inventoryWith((d) => {
      d.environments[1].vault.namespace = "etl";
      d.environments.push({
        name: "sandbox",
        tier: "non-production",
        stores: ["vault"],
        vault: { address: "https://VAULT.acme.example.", edition: "enterprise", isolation: "namespace", namespace: "etl/sandbox" },
      });
    });
    expect(messagesWithCode(doc, "nested-namespace")).toEqual([
      'environments[2].vault.namespace: lies inside the namespace of environment "prod" (environments[1].vault.namespace) on one Vault cluster, whose policies, tokens and people would reach it: give each environment a namespace of its own, side by side (etl/dev beside etl/prod)',
    ]);
  });

  it("accepts sibling namespaces under one parent", () => {
    const doc = inventoryWith((d) => {
      d.environments.push({
        name: "staging",
        tier: "non-production",
        stores: ["vault"],
        vault: { address: "https://vault.acme.example:8200", edition: "enterprise", isolation: "namespace", namespace: "etl/staging" },
      });
    });
    expect(messagesWithCode(doc, "nested-namespace")).toEqual([]);
  });
});

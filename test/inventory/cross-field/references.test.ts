import { inventoryWith, messagesOf, baseInventory } from "../../support/inventory/base-inventory";

describe("references: owners, environments, credentials and clusters exist", () => {
  it("passes when every reference resolves", () => {
    expect(messagesOf(baseInventory())).toEqual([]);
  });

  it("fails when a connector names an undeclared owner", () => {
    const doc = inventoryWith((d) => void (d.connectors[0].owner = "nobody"));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].owner: "nobody" is not a declared owner; declared owners: orders-team",
]
`);
  });

  it("fails when a connector lives in an undeclared environment, at the environment's own path", () => {
    const doc = inventoryWith((d) => void (d.connectors[1].environments.qa = {}));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[1].environments.qa: "qa" is not a declared environment; declared environments: dev, prod",
]
`);
  });

  it("passes when a consumer reads named credentials of its connector", () => {
    const doc = inventoryWith((d) => void (d.connectors[0].consumers[0].credentials = ["main"]));

    expect(messagesOf(doc)).toEqual([]);
  });

  it("fails when a consumer reads a credential its connector does not have", () => {
    const doc = inventoryWith((d) => void (d.connectors[0].consumers[0].credentials = ["main", "tunnel"]));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].consumers[0].credentials[1]: "tunnel" is not a credential of connector "orders-postgres"; its credentials: main",
]
`);
  });

  describe("kubernetes clusters", () => {
    const withCluster = (cluster: string | undefined) =>
      inventoryWith((d) => {
        d.environments[0].vault.auth = { kubernetes: [{ name: "eks-dev", host: "https://eks.dev.acme.example" }] };
        d.connectors[0].consumers[0].auth = { method: "kubernetes", serviceAccount: "orders", namespace: "ingest", cluster };
      });

    it("passes when the consumer names a configured cluster", () => {
      expect(messagesOf(withCluster("eks-dev"))).toEqual([]);
    });

    it("fails when the consumer names a cluster the environment does not configure", () => {
      expect(messagesOf(withCluster("gke"))).toMatchInlineSnapshot(`
[
  "connectors[0].consumers[0].auth.cluster: Kubernetes cluster "gke" is not configured in environment dev (vault.auth.kubernetes: eks-dev)",
]
`);
    });

    it("fails when the consumer relies on the default cluster and the environment names only others", () => {
      expect(messagesOf(withCluster(undefined))).toMatchInlineSnapshot(`
[
  "connectors[0].consumers[0].auth.cluster: Kubernetes cluster "default" is not configured in environment dev (vault.auth.kubernetes: eks-dev)",
]
`);
    });
  });
});

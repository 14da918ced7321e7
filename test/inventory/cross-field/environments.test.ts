import { baseInventory, inventoryWith, messagesOf, messagesWithCode } from "../../support/inventory/base-inventory";

describe("environments: settings agree with stores, editions and isolation", () => {
  it("passes for the base environments", () => {
    expect(messagesOf(baseInventory())).toEqual([]);
  });

  it("fails when stores lists vault but vault settings are missing", () => {
    const doc = inventoryWith((d) => void delete d.environments[0].vault);

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "environments[0].vault: is required because stores lists vault: give address, isolation (and edition)",
]
`);
  });

  it("fails when stores lists aws but aws settings are missing", () => {
    const doc = inventoryWith((d) => void delete d.environments[1].aws);

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "environments[1].aws: is required because stores lists aws: give accountId and region",
]
`);
  });

  it("fails when a community Vault asks for namespace isolation", () => {
    const doc = inventoryWith(
      (d) =>
        void (d.environments[0].vault = { address: "https://vault.dev.acme.example:8200", isolation: "namespace", namespace: "etl/dev" }),
    );

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "environments[0].vault.isolation: namespaces need Vault Enterprise or OpenBao (edition: enterprise | openbao); Vault community supports isolation: mount",
]
`);
  });

  it("passes when OpenBao uses namespaces", () => {
    const doc = inventoryWith(
      (d) =>
        void (d.environments[0].vault = {
          address: "https://bao.dev.acme.example:8200",
          edition: "openbao",
          isolation: "namespace",
          namespace: "etl/dev",
        }),
    );

    expect(messagesOf(doc)).toEqual([]);
  });

  it("fails when namespace isolation gives no namespace", () => {
    const doc = inventoryWith((d) => void delete d.environments[1].vault.namespace);

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "environments[1].vault.namespace: is required with isolation: namespace (for example etl/prod)",
]
`);
  });

  it("fails when mount isolation gives a namespace, or namespace isolation a mount prefix", () => {
    const doc = inventoryWith((d) => {
      d.environments[0].vault.namespace = "etl/dev";
      d.environments[1].vault.mountPrefix = "etl/prod";
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "environments[0].vault.namespace: is only used with isolation: namespace; remove it or switch isolation",
  "environments[1].vault.mountPrefix: is only used with isolation: mount; a namespace already separates mounts",
]
`);
  });

  it("passes when an Enterprise environment asks for approvals", () => {
    const doc = inventoryWith((d) => void (d.environments[1].approvals = { group: "data-platform-leads", required: 2 }));

    expect(messagesOf(doc)).toEqual([]);
  });

  it("fails when approvals are asked of a Vault without control groups", () => {
    const doc = inventoryWith((d) => void (d.environments[0].approvals = { group: "leads", required: 2 }));

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "environments[0].approvals: approvals are enforced with control groups, which only Vault Enterprise has (edition here: community)",
]
`);
  });

  it("fails when approvals are asked of an environment without Vault", () => {
    const doc = inventoryWith((d) => {
      d.environments[0] = {
        name: "dev",
        tier: "non-production",
        stores: ["aws"],
        aws: d.environments[0].aws,
        approvals: { group: "leads", required: 1 },
      };
      d.connectors[0].environments = { prod: {} };
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "environments[0].approvals: approvals are Vault control groups: the environment needs vault settings",
]
`);
  });

  it("fails when two environments on one cluster disagree on the edition", () => {
    const doc = inventoryWith((d) => {
      d.environments.push({
        name: "staging",
        tier: "non-production",
        stores: ["vault"],
        vault: { address: "https://vault.acme.example:8200/", isolation: "mount" },
      });
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "environments[2].vault.edition: "community" disagrees with environment prod on the same cluster (environments[1].vault.address, edition enterprise); environments on one cluster agree",
]
`);
  });

  it("fails when two Kubernetes clusters of one environment share a name", () => {
    const doc = inventoryWith((d) => {
      d.environments[0].vault.auth = {
        kubernetes: [{ host: "https://eks-a.dev.acme.example" }, { name: "default", host: "https://eks-b.dev.acme.example" }],
      };
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "environments[0].vault.auth.kubernetes[1].name: duplicate Kubernetes cluster name "default"",
]
`);
  });

  it("refuses a Vault address whose port no client could reach (the cluster identity needs host and port)", () => {
    const doc = inventoryWith((d) => void (d.environments[1].vault.address = "https://vault.acme.example:99999"));

    expect(messagesWithCode(doc, "vault-address-unparsable")).toEqual([
      "environments[1].vault.address: has no host and port a client could reach (a port above 65535, a malformed host...): a Vault cluster is identified by its host and port, give a URL such as https://vault.example.com:8200",
    ]);
  });
});

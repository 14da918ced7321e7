import {
  credentialKey,
  localStatePath,
  secretsManagerName,
  slug,
  stackNames,
  vaultClusterKey,
  vaultMountNames,
} from "../../lib/plan/names";

describe("names", () => {
  it("names a Vault cluster stack after its host, with the port only when it is not 8200", () => {
    expect(stackNames.vaultCluster("https://vault.acme.example:8200")).toBe("vault-acme-example");
    expect(stackNames.vaultCluster("https://vault.acme.example:8443")).toBe("vault-acme-example-8443");
    expect(vaultClusterKey("https://vault.acme.example")).toBe("vault.acme.example");
  });

  it("names an account stack after the account id", () => {
    expect(stackNames.awsAccount("222222222222")).toBe("aws-222222222222");
  });

  it("derives credential keys and Secrets Manager names from spec keys only", () => {
    expect(credentialKey("orders-postgres", "main")).toBe("connectors/orders-postgres/main");
    expect(secretsManagerName("acme-data", "prod", "billing-mysql", "main")).toBe("acme-data/prod/billing-mysql/main");
  });

  it("prefixes every mount with the environment's prefix under mount isolation", () => {
    const prefixed = vaultMountNames("etl/test");
    expect([prefixed.kv, prefixed.database, prefixed.approle, prefixed.kubernetes("default"), prefixed.kubernetes("east")]).toEqual([
      "etl/test/kv",
      "etl/test/database",
      "etl/test/approle",
      "etl/test/kubernetes",
      "etl/test/kubernetes-east",
    ]);
    expect(vaultMountNames(undefined).kv).toBe("kv");
    expect(vaultMountNames(undefined).jwt("https://token.actions.githubusercontent.com")).toBe("jwt-token-actions-githubusercontent-com");
  });

  it("keeps local state outside the synth output, at a relative path", () => {
    expect(localStatePath("prod")).toBe("../../../terraform-state/prod.tfstate");
    expect(slug("Vault.Dev.ACME:8200")).toBe("vault-dev-acme-8200");
  });
});

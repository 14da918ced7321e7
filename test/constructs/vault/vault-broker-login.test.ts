import { environment, fixture, fixtureDocument, inventoryFrom, synthVault, type Doc } from "./support";

describe("VaultBrokerLogin (realworld dev: snowflake-loader key-pair and kafka-events sasl, Vault-stored, broker-rotated)", () => {
  const vault = synthVault(environment(fixture("realworld.yaml"), "dev"));

  it("binds an iam auth role to the key-broker rotation function's role, without its IAM path, with only the rotation policy", () => {
    const roles = Object.values(vault.resources("vault_aws_auth_backend_role")).filter((r: Doc) => r.role === "dev-rotation");
    expect(roles).toHaveLength(1);
    const role = roles[0] as Doc;
    expect(role.auth_type).toBe("iam");
    expect(role.bound_iam_principal_arns).toEqual(["arn:aws:iam::111111111111:role/acme-data-dev-rotate-key-broker"]);
    expect(role.resolve_aws_unique_ids).toBe(true);
    expect(role.token_policies).toEqual([expect.stringMatching(/^\$\{vault_policy\.vault_key-broker-policy_[0-9A-F]+\.name\}$/)]);
    expect(role.token_ttl).toBe(900);
    const backend = vault.find("vault_auth_backend", "type", "aws");
    expect(backend.path).toBe("aws");
  });

  it("grants read and update on exactly the rotated credentials' data paths and read on their metadata, nothing else", () => {
    const policy = vault.find("vault_policy", "name", "dev-rotation");
    const rules = [...(policy.policy as string).matchAll(/path "([^"]+)" \{\n {2}capabilities = \[([^\]]*)\]/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(rules).toEqual([
      'kv/data/connectors/kafka-events/main "read", "update"',
      'kv/data/connectors/snowflake-loader/main "read", "update"',
      'kv/metadata/connectors/kafka-events/main "read"',
      'kv/metadata/connectors/snowflake-loader/main "read"',
    ]);
  });

  it("creates no login and no rotation policy when nothing in Vault is broker-rotated", () => {
    const doc = fixtureDocument("realworld.yaml");
    for (const connector of doc.connectors)
      if (connector.credential?.rotation?.endpoint)
        connector.credential.rotation = { days: connector.credential.rotation.days, reminder: true };
    const plain = synthVault(environment(inventoryFrom(doc), "dev"));
    expect(Object.values(plain.resources("vault_aws_auth_backend_role")).filter((r: Doc) => r.role === "dev-rotation")).toEqual([]);
    expect(Object.values(plain.resources("vault_policy")).map((p: Doc) => p.name)).not.toContain("dev-rotation");
  });
});

import { KvSecretBackendV2 } from "@cdktf/provider-vault/lib/kv-secret-backend-v2";
import { Mount } from "@cdktf/provider-vault/lib/mount";
import { GenericEndpoint } from "@cdktf/provider-vault/lib/generic-endpoint";
import { environment, fixture, synthVault } from "./support";

const acme = fixture("acme.yaml");

describe("KvStore and CredentialMetadata", () => {
  const prod = synthVault(environment(acme, "prod"));
  const test = synthVault(environment(acme, "test"));

  it("mounts one KV v2 store per environment, with max_versions and check-and-set required", () => {
    expect(prod.synthesized).toHaveResourceWithProperties(Mount, {
      path: "kv",
      type: "kv",
      options: { version: "2" },
      lifecycle: { prevent_destroy: true },
    });
    expect(prod.synthesized).toHaveResourceWithProperties(KvSecretBackendV2, { max_versions: 10, cas_required: true });
    expect(test.synthesized).toHaveResourceWithProperties(Mount, {
      path: "etl-test/kv",
      type: "kv",
      lifecycle: { prevent_destroy: false },
    });
  });

  it("writes owner, purpose, sensitivity, regulations and review date to the metadata endpoint only, never reading it back", () => {
    const metadata = prod.find("vault_generic_endpoint", "path", "kv/metadata/connectors/stripe-api/main");
    expect(metadata.disable_read).toBe(true);
    expect(metadata.disable_delete).toBe(true);
    expect(JSON.parse(metadata.data_json)).toEqual({
      cas_required: true,
      max_versions: 10,
      custom_metadata: {
        connector: "stripe-api",
        credential: "main",
        lifecycle: "active",
        owner: "growth-team",
        purpose: "Daily pull of payments and payouts from Stripe",
        regulations: "pci",
        "review-by": "2026-06-15",
        rotation: "reminder/90d",
        sensitivity: "high",
      },
    });
  });

  it("fails when anything would write or read a secret value: no data path, no kv_secret resources, no data sources", () => {
    for (const synthesized of [prod, test]) {
      expect(synthesized.json.resource.vault_kv_secret_v2).toBeUndefined();
      expect(synthesized.json.resource.vault_generic_secret).toBeUndefined();
      expect(synthesized.json.data).toBeUndefined();
      for (const endpoint of Object.values(synthesized.resources("vault_generic_endpoint"))) {
        expect(endpoint.path).not.toMatch(/\/data\//);
      }
    }
  });

  it("keeps every metadata path inside the environment's mount", () => {
    expect(
      Object.values(test.resources("vault_generic_endpoint"))
        .map((r) => r.path)
        .sort(),
    ).toEqual(["etl-test/kv/metadata/connectors/stripe-api/main"]);
    expect(test.synthesized).toHaveResourceWithProperties(GenericEndpoint, { path: "etl-test/kv/metadata/connectors/stripe-api/main" });
  });
});

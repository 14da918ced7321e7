import { vaultAuthBackendConfigured as rule } from "../../../lib/checks/stack-checks/vault-auth-backend-configured";
import { messages, stackOf, vaultStack } from "./vault-support";

describe("ETL-VAULT-007 auth backends configured", () => {
  it("warns about the fixture's Kubernetes backend, which the spec gives no host for", () => {
    expect(messages(rule, vaultStack("prod"))).toEqual([
      'Kubernetes auth backend "kubernetes" has no host: the spec\'s vault.auth.kubernetes names no such cluster',
    ]);
  });
  it("is silent when the backend has its configuration", () => {
    const stack = stackOf({
      resource: {
        vault_auth_backend: { k: { type: "kubernetes", path: "kubernetes" } },
        vault_kubernetes_auth_backend_config: { c: { backend: "${vault_auth_backend.k.path}", kubernetes_host: "https://k8s" } },
      },
    });
    expect(messages(rule, stack)).toEqual([]);
  });
  it("warns about a JWT backend mounted without discovery, JWKS or keys", () => {
    expect(messages(rule, stackOf({ resource: { vault_auth_backend: { j: { type: "jwt", path: "jwt-x" } } } }))).toHaveLength(1);
  });
});

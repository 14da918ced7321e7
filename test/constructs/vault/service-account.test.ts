import { ApproleAuthBackendRole } from "@cdktf/provider-vault/lib/approle-auth-backend-role";
import { AuthBackend } from "@cdktf/provider-vault/lib/auth-backend";
import { JwtAuthBackend } from "@cdktf/provider-vault/lib/jwt-auth-backend";
import { JwtAuthBackendRole } from "@cdktf/provider-vault/lib/jwt-auth-backend-role";
import { KubernetesAuthBackendConfig } from "@cdktf/provider-vault/lib/kubernetes-auth-backend-config";
import { KubernetesAuthBackendRole } from "@cdktf/provider-vault/lib/kubernetes-auth-backend-role";
import { AwsAuthBackendRole } from "@cdktf/provider-vault/lib/aws-auth-backend-role";
import { environment, fixture, fixtureDocument, inventoryFrom, synthVault, type Doc } from "./support";
import { validateDocument } from "../../../lib/inventory/validate";

const acme = fixture("acme.yaml");

function withConsumers(mutate: (doc: Doc) => void) {
  const doc = fixtureDocument("acme.yaml");
  mutate(doc);
  return inventoryFrom(doc);
}

describe("ServiceAccount and AuthBackends", () => {
  const prod = synthVault(environment(acme, "prod"));

  it("binds an AppRole to its policy with bounded secret ids, CIDRs and class TTLs", () => {
    expect(prod.synthesized).toHaveResourceWithProperties(ApproleAuthBackendRole, {
      backend: "approle",
      role_name: "orders-nightly",
      bind_secret_id: true,
      secret_id_ttl: 600,
      secret_id_num_uses: 1,
      secret_id_bound_cidrs: ["10.20.0.0/16"],
      token_bound_cidrs: ["10.20.0.0/16"],
      token_ttl: 3600,
      token_max_ttl: 14400,
    });
    const role = prod.find("vault_approle_auth_backend_role", "role_name", "orders-nightly");
    expect(role.token_policies).toEqual([expect.stringMatching(/^\$\{vault_policy\..*consumer-orders-nightly.*\.name\}$/)]);
  });

  it("uses the non-production secret id uses in non-production", () => {
    const dev = synthVault(environment(acme, "dev"));
    expect(dev.find("vault_approle_auth_backend_role", "role_name", "orders-nightly").secret_id_num_uses).toBe(5);
  });

  it("binds Kubernetes roles to their service account and namespace; a written lease exception raises the token maximum", () => {
    expect(prod.synthesized).toHaveResourceWithProperties(KubernetesAuthBackendRole, {
      backend: "kubernetes",
      role_name: "orders-cdc",
      bound_service_account_names: ["orders-cdc"],
      bound_service_account_namespaces: ["ingest"],
      token_max_ttl: 86400,
    });
  });

  it("mounts a Kubernetes backend without a reviewer JWT, configured from the spec when it names the cluster", () => {
    expect(prod.synthesized).toHaveResourceWithProperties(AuthBackend, {
      type: "kubernetes",
      path: "kubernetes",
      lifecycle: { prevent_destroy: true },
    });
    expect(prod.synthesized).not.toHaveResource(KubernetesAuthBackendConfig);
    const configured = withConsumers((doc) => {
      doc.environments.find((e: Doc) => e.name === "prod").vault.auth = {
        kubernetes: [{ name: "default", host: "https://k8s.prod.internal:6443" }],
      };
    });
    const synthesized = synthVault(environment(configured, "prod"));
    expect(synthesized.synthesized).toHaveResourceWithProperties(KubernetesAuthBackendConfig, {
      kubernetes_host: "https://k8s.prod.internal:6443",
    });
    expect(JSON.stringify(synthesized.resources("vault_kubernetes_auth_backend_config"))).not.toContain("token_reviewer_jwt");
  });

  it("mounts one JWT backend per issuer, configured by discovery when the issuer is listed, and binds issuer, subject and audience", () => {
    const inventory = withConsumers((doc) => {
      const stripe = doc.connectors.find((c: Doc) => c.id === "stripe-api");
      stripe.consumers.push({
        id: "gha-sync",
        auth: {
          method: "jwt",
          issuer: "https://token.actions.githubusercontent.com",
          subject: "repo:acme/x:ref:refs/heads/main",
          audience: ["vault", "https://vault.acme.example"],
        },
      });
      doc.environments.find((e: Doc) => e.name === "prod").vault.auth = {
        jwt: [{ issuer: "https://token.actions.githubusercontent.com" }],
      };
    });
    const synthesized = synthVault(environment(inventory, "prod"));
    expect(synthesized.synthesized).toHaveResourceWithProperties(JwtAuthBackend, {
      path: "jwt-token-actions-githubusercontent-com",
      bound_issuer: "https://token.actions.githubusercontent.com",
      oidc_discovery_url: "https://token.actions.githubusercontent.com",
    });
    expect(synthesized.synthesized).toHaveResourceWithProperties(JwtAuthBackendRole, {
      backend: "jwt-token-actions-githubusercontent-com",
      role_name: "gha-sync",
      role_type: "jwt",
      user_claim: "sub",
      bound_subject: "repo:acme/x:ref:refs/heads/main",
      bound_audiences: ["https://vault.acme.example", "vault"],
    });
  });

  it("binds AWS IAM consumers to the exact role ARN; a consumer with no role Vault can bind is refused by validation", () => {
    const addConsumer = (doc: Doc) => {
      doc.connectors
        .find((c: Doc) => c.id === "stripe-api")
        .consumers.push({ id: "lambda-sync", auth: { method: "aws-iam", roleName: "lambda-sync" } });
    };
    // test has no AWS account: a created role has no ARN there, so validation refuses it with the spec path.
    const refused = fixtureDocument("acme.yaml");
    addConsumer(refused);
    expect(
      validateDocument(refused)
        .issues.filter((issue) => issue.code === "aws-iam-needs-role")
        .map((issue) => issue.message),
    ).toEqual([expect.stringContaining("an aws-iam consumer reading Vault in environment test needs a role Vault can bind")]);
    const inventory = withConsumers((doc) => {
      addConsumer(doc);
      doc.connectors.find((c: Doc) => c.id === "stripe-api").environments = { dev: {}, staging: {}, prod: {} };
    });
    const synthesized = synthVault(environment(inventory, "prod"));
    expect(synthesized.synthesized).toHaveResourceWithProperties(AwsAuthBackendRole, {
      backend: "aws",
      role: "lambda-sync",
      auth_type: "iam",
      bound_iam_principal_arns: ["arn:aws:iam::222222222222:role/lambda-sync-prod"],
    });
  });

  it("creates no auth role for a consumer that only reads AWS Secrets Manager", () => {
    expect(JSON.stringify(prod.json)).not.toContain("billing-sync");
  });
});

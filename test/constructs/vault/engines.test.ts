import { AwsSecretBackend } from "@cdktf/provider-vault/lib/aws-secret-backend";
import { AwsSecretBackendRole } from "@cdktf/provider-vault/lib/aws-secret-backend-role";
import { GcpSecretBackend } from "@cdktf/provider-vault/lib/gcp-secret-backend";
import { GcpSecretRoleset } from "@cdktf/provider-vault/lib/gcp-secret-roleset";
import { Mount } from "@cdktf/provider-vault/lib/mount";
import { PkiSecretBackendRole } from "@cdktf/provider-vault/lib/pki-secret-backend-role";
import { SshSecretBackendCa } from "@cdktf/provider-vault/lib/ssh-secret-backend-ca";
import { SshSecretBackendRole } from "@cdktf/provider-vault/lib/ssh-secret-backend-role";
import { environment, fixture, fixtureDocument, inventoryFrom, synthVault, type Doc } from "./support";

describe("PKI, SSH and cloud engines", () => {
  const acmeProd = synthVault(environment(fixture("acme.yaml"), "prod"));
  const realProd = synthVault(environment(fixture("realworld.yaml"), "prod"));

  it("mounts PKI per environment with a client-auth role limited to the spec's names and the class TTL", () => {
    expect(acmeProd.synthesized).toHaveResourceWithProperties(Mount, { path: "pki", type: "pki", max_lease_ttl_seconds: 259200 });
    expect(acmeProd.synthesized).toHaveResourceWithProperties(PkiSecretBackendRole, {
      backend: "pki",
      name: "warehouse-mtls-main",
      allowed_domains: ["etl-loader.acme.example"],
      allow_subdomains: false,
      allow_glob_domains: false,
      allow_any_name: false,
      client_flag: true,
      server_flag: false,
      ext_key_usage: ["ClientAuth"],
      ttl: "259200",
      max_ttl: "259200",
    });
  });

  it("adds roles to an existing PKI mount named by the spec instead of mounting one", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.environments.find((e: Doc) => e.name === "prod").vault.pki = { mount: "pki-int" };
    const synthesized = synthVault(environment(inventoryFrom(doc), "prod"));
    expect(Object.values(synthesized.resources("vault_mount")).map((m) => m.path)).not.toContain("pki-int");
    expect(synthesized.find("vault_pki_secret_backend_role", "name", "warehouse-mtls-main").backend).toBe("pki-int");
    expect(synthesized.json.locals.etl_vault_environment.secret_mounts).toContain("pki-int");
  });

  it("signs SSH user certificates for the spec's principals with one role per consumer, key generated inside Vault", () => {
    expect(realProd.synthesized).toHaveResourceWithProperties(SshSecretBackendCa, { generate_signing_key: true });
    expect(realProd.synthesized).toHaveResourceWithProperties(SshSecretBackendRole, {
      name: "erp-mssql-tunnel-ledger-extract",
      key_type: "ca",
      allow_user_certificates: true,
      allow_host_certificates: false,
      allowed_users: "etl-tunnel",
      ttl: "1800",
    });
    expect(JSON.stringify(realProd.resources("vault_ssh_secret_backend_ca"))).not.toContain("private_key");
  });

  it("mints AWS credentials by assuming the spec's role, with no access keys in Terraform", () => {
    expect(realProd.synthesized).toHaveResourceWithProperties(AwsSecretBackend, { path: "aws", region: "eu-west-1" });
    const backend = Object.values(realProd.resources("vault_aws_secret_backend"))[0];
    expect(backend.access_key).toBeUndefined();
    expect(backend.secret_key).toBeUndefined();
    expect(realProd.synthesized).toHaveResourceWithProperties(AwsSecretBackendRole, {
      name: "redshift-sink-staging",
      credential_type: "assumed_role",
      role_arns: ["arn:aws:iam::222222222222:role/acme-data/prod/redshift-staging-prod"],
    });
  });

  it("mints GCP keys from a roleset on the spec's project and roles, with no key file in Terraform", () => {
    expect(realProd.synthesized).toHaveResourceWithProperties(GcpSecretBackend, { path: "gcp" });
    expect(Object.values(realProd.resources("vault_gcp_secret_backend"))[0].credentials).toBeUndefined();
    expect(realProd.synthesized).toHaveResourceWithProperties(GcpSecretRoleset, {
      roleset: "bigquery-export-main",
      project: "acme-analytics",
      secret_type: "service_account_key",
      binding: [
        {
          resource: "//cloudresourcemanager.googleapis.com/projects/acme-analytics",
          roles: ["roles/bigquery.dataViewer", "roles/bigquery.jobUser"],
        },
      ],
    });
  });

  it("stores every other kind in KV with metadata: oauth, key pair, sasl, generic, static password", () => {
    const paths = Object.values(realProd.resources("vault_generic_endpoint"))
      .map((r) => r.path)
      .sort();
    for (const key of [
      "salesforce-crm/main",
      "snowflake-loader/main",
      "kafka-events/main",
      "netsuite-erp/main",
      "erp-mssql/db",
      "erp-mssql/tunnel",
    ]) {
      expect(paths).toContain(`kv/metadata/connectors/${key}`);
    }
  });
});

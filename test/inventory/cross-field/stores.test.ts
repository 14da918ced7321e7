import { formatIssue, validateDocument } from "../../../lib/inventory";
import { baseInventory, inventoryWith, issuesOf, messagesOf, messagesWithCode } from "../../support/inventory/base-inventory";

describe("stores: a connector's store is offered and fits its credentials", () => {
  it("passes for a Vault and an AWS connector in environments that offer both", () => {
    expect(messagesOf(baseInventory())).toEqual([]);
  });

  it("fails when an environment of the connector does not offer its store", () => {
    const doc = inventoryWith((d) => {
      d.environments[0].stores = ["vault"];
      delete d.environments[0].aws;
    });

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[1].store: "aws" is not offered by environment(s) dev (stores: vault); use a store every environment of the connector offers",
]
`);
  });

  it.each([
    ["dynamic database credentials", { type: "dynamic-database", database: { host: "db.internal" } }],
    ["certificates", { type: "certificate", certificate: { commonName: "etl.acme.example" } }],
    ["signed SSH certificates", { type: "ssh-key", mode: "signed-certificate", principals: ["etl"] }],
    ["dynamic GCP keys", { type: "cloud-service-account-key", provider: "gcp", mode: "dynamic", project: "p", roles: ["roles/viewer"] }],
  ])("fails when %s are asked of AWS Secrets Manager", (_, credential) => {
    const doc = inventoryWith((d) => void (d.connectors[1].credential = credential));

    expect(messagesOf(doc).filter((m) => m.includes("needs store: vault"))).toHaveLength(1);
  });

  it("pins the Vault-only message", () => {
    const doc = inventoryWith(
      (d) => void (d.connectors[1].credential = { type: "certificate", certificate: { commonName: "etl.acme.example" } }),
    );

    expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[1].credential.type: certificates are issued by Vault's PKI secrets engine: a certificate credential needs store: vault (this connector's store is aws)",
]
`);
  });

  it("passes when a static SSH key lives in AWS", () => {
    const doc = inventoryWith((d) => void (d.connectors[1].credential = { type: "ssh-key", mode: "static", rotation: { days: 30 } }));

    expect(messagesOf(doc)).toEqual([]);
  });

  describe("dynamic AWS access keys", () => {
    const dynamicKey = (fields: Record<string, unknown>) =>
      inventoryWith((d) => {
        d.connectors[0].credentials = { staging: { type: "cloud-access-key", provider: "aws", mode: "dynamic", ...fields } };
        delete d.connectors[0].credential;
        for (const env of d.environments) env.vault.awsIdentity = { roleArn: "arn:aws:iam::333333333333:role/vault-server" };
      });

    it("pass with a role name and exact permissions in environments with AWS accounts", () => {
      expect(messagesOf(dynamicKey({ roleName: "orders-staging", allow: { "s3:GetObject": ["arn:aws:s3:::orders/*"] } }))).toEqual([]);
    });

    it("fail without a role name and permissions", () => {
      expect(messagesOf(dynamicKey({}))).toMatchInlineSnapshot(`
[
  "connectors[0].credentials.staging.allow: is required for a dynamic AWS access key: the exact permissions of the role",
  "connectors[0].credentials.staging.roleName: is required for a dynamic AWS access key: the role Vault assumes",
]
`);
    });

    it("fail in an environment without aws settings", () => {
      const doc = dynamicKey({ roleName: "orders-staging", allow: { "s3:GetObject": ["arn:aws:s3:::orders/*"] } });
      doc.environments[0].stores = ["vault"];
      delete doc.environments[0].aws;
      doc.connectors[1].environments = { prod: {} };

      expect(messagesOf(doc)).toMatchInlineSnapshot(`
[
  "connectors[0].credentials.staging.type: a cloud-access-key credential creates an IAM role, so environment dev needs aws settings (accountId, region)",
]
`);
    });
  });

  describe("Vault's AWS identity for dynamic AWS keys", () => {
    const keyIn = (identity: boolean) =>
      inventoryWith((d) => {
        d.connectors[0].credentials = {
          staging: {
            type: "cloud-access-key",
            provider: "aws",
            mode: "dynamic",
            roleName: "orders-staging",
            allow: { "s3:GetObject": ["arn:aws:s3:::orders/*"] },
          },
        };
        delete d.connectors[0].credential;
        if (identity) d.environments[1].vault.awsIdentity = { roleArn: "arn:aws:iam::333333333333:role/vault-server" };
      });

    it("warns, per environment without vault.awsIdentity, that the role trusts the account's /vault/ roles", () => {
      const issues = issuesOf(keyIn(true)).filter((i) => i.code === "vault-identity-default");
      expect(issues.map((i) => [i.severity, formatIssue(i)])).toEqual([
        [
          "warning",
          "warning: environments[0].vault: no awsIdentity: the role of orders-postgres/staging trusts every role of account 111111111111 under the IAM path /vault/; name Vault's own role with vault.awsIdentity.roleArn",
        ],
      ]);
      expect(validateDocument(keyIn(false)).ok).toBe(true);
    });

    it("refuses an awsIdentity that is not a role ARN", () => {
      const doc = keyIn(false);
      doc.environments[0].vault.awsIdentity = { roleArn: "vault-server" };
      expect(messagesOf(doc).filter((m) => m.includes("awsIdentity.roleArn:"))).toEqual([
        "environments[0].vault.awsIdentity.roleArn: must be an IAM role ARN",
      ]);
    });
  });

  describe("broker-rotated credentials in Vault on OpenBao", () => {
    const brokerKey = (store: "vault" | "aws") =>
      inventoryWith((d) => {
        d.environments[1].vault = {
          address: "https://bao.acme.example:8200",
          edition: "openbao",
          isolation: "namespace",
          namespace: "etl/prod",
        };
        d.connectors[0].store = store;
        d.connectors[0].credential = { type: "api-key", rotation: { endpoint: "https://broker.internal/keys" } };
      });

    it("fails with the reason and the alternatives", () => {
      expect(messagesWithCode(brokerKey("vault"), "openbao-external-plugin")).toEqual([
        "connectors[0].credential.rotation.endpoint: broker rotation of a Vault-stored credential logs in with AWS IAM auth, an external plugin on OpenBao, not built in (environment prod); keep this credential in aws, or rotate it by reminder",
      ]);
    });

    it("passes when the credential is kept in AWS", () => {
      expect(messagesWithCode(brokerKey("aws"), "openbao-external-plugin")).toEqual([]);
    });
  });
});

describe("an aws-iam consumer of a Vault connector", () => {
  it("fails in an environment without aws settings unless it names an existing roleArn (Vault's AWS auth binds a role ARN)", () => {
    const doc = inventoryWith((d) => {
      d.environments.push({
        name: "lab",
        tier: "non-production",
        stores: ["vault"],
        vault: { address: "https://vault.lab.acme.example:8200", isolation: "mount" },
      });
      d.connectors[0].environments = { lab: {} };
      d.connectors[0].consumers = [
        { id: "lab-job", auth: { method: "aws-iam", roleName: "lab-job" } },
        { id: "lab-existing", auth: { method: "aws-iam", roleArn: "arn:aws:iam::111111111111:role/lab-existing" } },
      ];
    });
    expect(messagesWithCode(doc, "aws-iam-needs-role")).toEqual([
      "connectors[0].consumers[0].auth: an aws-iam consumer reading Vault in environment lab needs a role Vault can bind: give auth.roleArn, or auth.roleName with aws settings (accountId, region) on environment lab",
    ]);
  });
});

// Rules the Vault constructs used to re-check at synth, now refused by validation only (issue 16 part 5).
describe("rules moved from the Vault constructs", () => {
  it("fails for an aws-iam consumer of Vault that names neither roleArn nor roleName (a trusted third party only), even where the environment has aws settings", () => {
    // GIVEN a Vault connector read by an aws-iam consumer whose role Vault could not bind by name
    const auth = { method: "aws-iam", trustedAccount: "999999999999", externalId: "acme-orders" };
    const doc = inventoryWith((d) => void (d.connectors[0].consumers = [{ id: "orders-nightly", auth }]));
    // WHEN validated / THEN every environment of the connector reports it at the consumer's auth
    expect(
      issuesOf(doc)
        .filter((i) => i.code === "aws-iam-needs-role")
        .map((i) => formatIssue(i)),
    ).toEqual([
      "connectors[0].consumers[0].auth: an aws-iam consumer reading Vault in environment dev needs a role Vault can bind: give auth.roleArn, or auth.roleName with aws settings (accountId, region) on environment dev",
      "connectors[0].consumers[0].auth: an aws-iam consumer reading Vault in environment prod needs a role Vault can bind: give auth.roleArn, or auth.roleName with aws settings (accountId, region) on environment prod",
    ]);
  });

  it.each([
    ["gcp", "; for a key Vault mints, use type cloud-service-account-key (a GCP roleset)"],
    ["azure", ""],
  ])("fails for a dynamic %s access key in Vault, naming the modes that provider allows", (provider, hint) => {
    const doc = inventoryWith((d) => void (d.connectors[0].credential = { type: "cloud-access-key", provider, mode: "dynamic" }));
    expect(
      issuesOf(doc)
        .filter((i) => i.code === "dynamic-key-unsupported")
        .map((i) => formatIssue(i)),
    ).toEqual([
      `connectors[0].credential.mode: mode dynamic is supported for provider aws only (provider ${provider} allows: rotated, static)${hint}`,
    ]);
  });

  it("fails for a rotated password in Vault without database.username (the user Vault's static role rotates)", () => {
    const doc = inventoryWith((d) => {
      d.connectors[1].store = "vault";
      delete d.connectors[1].credential.database.username;
    });
    expect(
      issuesOf(doc)
        .filter((i) => i.code === "required")
        .map((i) => formatIssue(i)),
    ).toEqual([
      "connectors[1].credential.database.username: is required for a rotated password in Vault: the existing user whose password Vault's static role rotates",
    ]);
  });

  it("fails for a database credential in Vault of a system Vault's database engine has no plugin for", () => {
    // GIVEN the dynamic-database connector (Vault) and the rotated-password one moved to Vault, both of an unknown system
    const doc = inventoryWith((d) => {
      d.connectors[0].system = "teradata";
      d.connectors[0].credential.statements = { creation: ["CREATE USER x"], revocation: ["DROP USER x"] };
      d.connectors[1].system = "teradata";
      d.connectors[1].store = "vault";
    });
    // THEN each is refused at its system, with what is supported
    const supported = "postgresql, mysql, mariadb, redshift, mssql, oracle, snowflake, hana";
    expect(
      issuesOf(doc)
        .filter((i) => i.code === "database-plugin-unknown")
        .map((i) => formatIssue(i)),
    ).toEqual([
      `connectors[0].system: Vault's database engine has no plugin for system teradata (credential main is a dynamic-database in Vault); supported: ${supported}; or keep the credential in aws`,
      `connectors[1].system: Vault's database engine has no plugin for system teradata (credential main is a rotated-password in Vault); supported: ${supported}; or keep the credential in aws`,
    ]);
  });

  it("passes a database credential of an unknown system kept in aws (no Vault database engine involved)", () => {
    const doc = inventoryWith((d) => void (d.connectors[1].system = "teradata"));
    expect(issuesOf(doc).filter((i) => i.code === "database-plugin-unknown")).toEqual([]);
  });

  it("passes a rotated password in Vault that names its user", () => {
    const doc = inventoryWith((d) => void (d.connectors[1].store = "vault"));
    expect(issuesOf(doc).filter((i) => i.code === "required")).toEqual([]);
  });
});

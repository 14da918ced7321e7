import { formatIssue, type SpecIssue } from "../../../lib/inventory";
import { inventoryWith, issuesOf, type Doc } from "../../support/inventory/base-inventory";
import { fixtureDocument } from "../../support/inventories";

const NAMES = ["derived-name-collision", "derived-name-too-long", "vault-custom-metadata-limit"];

/** The derived-name issues of a document, as the lines a person reads. */
function derived(doc: Doc): string[] {
  return issuesOf(doc)
    .filter((issue: SpecIssue) => NAMES.includes(issue.code))
    .map((issue) => formatIssue(issue));
}

/** Every error of a document (so a test also proves nothing else refused it). */
function errors(doc: Doc): SpecIssue[] {
  return issuesOf(doc).filter((issue) => issue.severity === "error");
}

const dynamicDatabase = { type: "dynamic-database", database: { host: "shop-db.internal", port: 5432, name: "shop" } };

function vaultConnector(
  id: string,
  credentials: Record<string, unknown>,
  consumers: string[],
  environments: Record<string, unknown> = { dev: {}, prod: {} },
) {
  return {
    id,
    purpose: "Extract of the shop schema",
    owner: "orders-team",
    system: "postgresql",
    sensitivity: "high",
    store: "vault",
    credentials,
    consumers: consumers.map((consumer) => ({ id: consumer, auth: { method: "approle", cidrs: ["10.20.0.0/16"] } })),
    environments,
    lifecycle: { createdOn: "2025-01-10", reviewBy: "2026-12-31" },
  };
}

function awsConnector(id: string, roleName: string, environments: Record<string, unknown>) {
  return {
    id,
    purpose: "Hourly sync",
    owner: "orders-team",
    system: "mysql",
    sensitivity: "high",
    store: "aws",
    credential: {
      type: "rotated-password",
      database: { host: "billing-db.internal", port: 3306, name: "billing" },
      rotation: { days: 30 },
    },
    consumers: [{ id: `${id}-job`, auth: { method: "aws-iam", roleName } }],
    environments,
    lifecycle: { createdOn: "2024-11-20", reviewBy: "2027-01-31" },
  };
}

describe("derived names: validation refuses every derived-name collision", () => {
  it("refuses credentials main / main-x with consumers x-y / y: one database role shop-main-x-y", () => {
    const doc = inventoryWith(
      (d) => void d.connectors.push(vaultConnector("shop", { main: dynamicDatabase, "main-x": dynamicDatabase }, ["x-y", "y"])),
    );

    const lines = derived(doc);
    expect(lines).toContain(
      'connectors[2].consumers[1].id: gives the Vault database role "shop-main-x-y" (with connectors[2].credentials.main-x), which is also the Vault database role of ' +
        "connectors[2].consumers[0].id (with connectors[2].credentials.main) (on the Vault cluster of environment dev, root namespace, mount etl-dev/database); " +
        "two resources would write one object: change one of these ids so the names differ",
    );
    // And in production's namespace too: one refusal per environment where both exist.
    expect(lines.filter((line) => line.includes('"shop-main-x-y"'))).toHaveLength(2);
  });

  it("refuses connectors shop / db-a and shop-db / a: one bootstrap-password variable (and one connection)", () => {
    const doc = inventoryWith((d) => {
      d.connectors.push(vaultConnector("shop", { "db-a": dynamicDatabase }, ["shop-job"]));
      d.connectors.push(vaultConnector("shop-db", { a: dynamicDatabase }, ["shop-db-job"]));
    });

    const lines = derived(doc);
    expect(lines).toContain(
      'connectors[3].credentials.a: gives the Terraform variable of a bootstrap password "vault_db_bootstrap_shop_db_a", which is also the Terraform variable of a bootstrap password of ' +
        "connectors[2].credentials.db-a (in stack dev); two resources would write one object: change one of these ids so the names differ",
    );
    expect(lines.some((line) => line.startsWith('connectors[3].credentials.a: gives the Vault database connection "shop-db-a"'))).toBe(
      true,
    );
  });

  it("refuses IAM role names that differ only in case (Orders-Archiver vs orders-archiver): IAM compares case-insensitively", () => {
    const doc = inventoryWith((d) => {
      d.connectors.push(awsConnector("orders-archive", "Orders-Archiver", { prod: {} }));
      d.connectors.push(awsConnector("orders-archive-copy", "orders-archiver", { prod: {} }));
    });

    expect(derived(doc)).toEqual([
      'connectors[3].consumers[0].auth.roleName: gives the IAM role "orders-archiver-prod" (with environments[1].name), which the service reads as the same name as the IAM role ' +
        "<redacted, 20 chars> of connectors[2].consumers[0].auth.roleName (with environments[1].name) (in AWS account 222222222222); two resources would write one object: change one of these ids so the names differ",
    ]);
  });

  it("refuses roleName x in environment prod-eu and x-prod in environment eu on one account: both are the IAM role x-prod-eu", () => {
    const doc = inventoryWith((d) => {
      d.environments.push({
        name: "prod-eu",
        tier: "production",
        stores: ["aws"],
        aws: { accountId: "222222222222", region: "eu-central-1" },
      });
      d.environments.push({ name: "eu", tier: "production", stores: ["aws"], aws: { accountId: "222222222222", region: "eu-central-1" } });
      d.connectors.push(awsConnector("orders-eu", "x", { "prod-eu": {} }));
      d.connectors.push(awsConnector("orders-x", "x-prod", { eu: {} }));
    });

    expect(derived(doc).filter((line) => line.includes('IAM role "x-prod-eu"'))).toHaveLength(1);
  });

  describe("stack names share one namespace", () => {
    it("refuses an environment named like an AWS account stack (aws-<account>)", () => {
      const doc = inventoryWith((d) => {
        d.environments.push({
          name: "aws-222222222222",
          tier: "non-production",
          stores: ["aws"],
          aws: { accountId: "333333333333", region: "eu-west-1" },
        });
      });

      expect(derived(doc)).toEqual([
        'environments[2].name: gives the stack name "aws-222222222222", which is also the AWS account stack name of environments[1].aws.accountId (among the synthesized stacks); ' +
          "two resources would write one object: change one of these ids so the names differ",
      ]);
    });

    it("refuses an environment named like a Vault cluster stack (the cluster's host as a slug)", () => {
      const doc = inventoryWith((d) => {
        d.environments.push({
          name: "vault-acme-example",
          tier: "non-production",
          stores: ["aws"],
          aws: { accountId: "333333333333", region: "eu-west-1" },
        });
      });

      expect(derived(doc)).toEqual([
        'environments[2].name: gives the stack name "vault-acme-example", which is also the Vault cluster stack name of environments[1].vault.address (among the synthesized stacks); ' +
          "two resources would write one object: change one of these ids so the names differ",
      ]);
    });

    it("refuses two clusters whose hosts give one stack name (vault-acme.example and vault.acme-example)", () => {
      const doc = inventoryWith((d) => {
        d.environments.push({
          name: "qa",
          tier: "non-production",
          stores: ["vault"],
          vault: { address: "https://vault-acme.example", isolation: "mount" },
        });
      });
      doc.environments[1].vault.address = "https://vault.acme-example";

      expect(derived(doc)).toEqual([
        'environments[2].vault.address: gives the Vault cluster stack name "vault-acme-example", which is also the Vault cluster stack name of environments[1].vault.address (among the synthesized stacks); ' +
          "two resources would write one object: change one of these ids so the names differ",
      ]);
    });
  });

  it("refuses namespaces etl/x and etl--x on one cluster: one Terraform address in the cluster stack", () => {
    const doc = inventoryWith((d) => {
      d.environments.push({
        name: "qa",
        tier: "non-production",
        stores: ["vault"],
        vault: { address: "https://vault.acme.example:8200", edition: "enterprise", isolation: "namespace", namespace: "etl/x" },
      });
      d.environments.push({
        name: "uat",
        tier: "non-production",
        stores: ["vault"],
        vault: { address: "https://vault.acme.example:8200", edition: "enterprise", isolation: "namespace", namespace: "etl--x" },
      });
    });

    expect(derived(doc)).toEqual([
      'environments[3].vault.namespace: gives the Terraform address of a Vault namespace "namespace-etl--x", which is also the Terraform address of a Vault namespace of environments[2].vault.namespace ' +
        "(in stack vault-acme-example); two resources would write one object: change one of these ids so the names differ",
    ]);
  });

  it("refuses Vault policy names that two environments of one cluster root derive alike (dev / a-consumer-b and dev-consumer-a / b)", () => {
    const doc = inventoryWith((d) => {
      d.environments.push({
        name: "dev-consumer-a",
        tier: "non-production",
        stores: ["vault"],
        vault: { address: "https://vault.dev.acme.example:8200", isolation: "mount" },
      });
      d.connectors.push(vaultConnector("shop", { main: dynamicDatabase }, ["a-consumer-b"], { dev: {} }));
      d.connectors.push(vaultConnector("shop-copy", { main: dynamicDatabase }, ["b"], { "dev-consumer-a": {} }));
    });

    expect(derived(doc).filter((line) => line.includes('Vault policy "dev-consumer-a-consumer-b"'))).toEqual([
      'connectors[3].consumers[0].id: gives the Vault policy "dev-consumer-a-consumer-b" (with environments[2].name), which is also the Vault policy of connectors[2].consumers[0].id ' +
        "(with environments[0].name) (on the Vault cluster of environment dev-consumer-a, root namespace); two resources would write one object: change one of these ids so the names differ",
    ]);
  });

  describe("lengths and custom metadata", () => {
    it("refuses names longer than AWS allows (Lambda 64, SQS 80, EventBridge 64), with the spec keys to shorten", () => {
      const doc = inventoryWith((d) => {
        d.organization = "acme-data-platform-emea";
        d.environments[1].name = "production-eu-central-primary-site";
        for (const connector of d.connectors) connector.environments = { dev: {}, "production-eu-central-primary-site": {} };
      });

      const lines = derived(doc);
      expect(lines).toContain(
        'organization: gives the Lambda function "acme-data-platform-emea-production-eu-central-primary-site-rotate-notifier" of 74 characters (with environments[1].name) ' +
          "(in AWS account 222222222222, eu-west-1); the service allows at most 64: shorten these ids by 10 characters or more",
      );
      // The break-glass role is not shortened by iamName: IAM would refuse it at apply.
      expect(lines.map((line) => line.replace(/ ".*" of \d+ characters.*/, ""))).toEqual([
        "organization: gives the EventBridge rule",
        "organization: gives the EventBridge rule",
        "organization: gives the IAM role",
        "organization: gives the Lambda function",
        "organization: gives the Lambda function",
        "organization: gives the SQS queue",
      ]);
      expect(errors(doc).every((issue) => issue.code === "derived-name-too-long")).toBe(true);
    });

    it("refuses a purpose longer than a Vault custom metadata value may be (512 bytes), without echoing it", () => {
      const doc = inventoryWith((d) => void (d.connectors[0].purpose = "é".repeat(300)));

      expect(derived(doc)).toEqual([
        'connectors[0].purpose: is 600 bytes; it is written to Vault as the custom metadata "purpose" of the credential (environment dev), and Vault\'s KV v2 allows at most 512 bytes per value: shorten it',
        'connectors[0].purpose: is 600 bytes; it is written to Vault as the custom metadata "purpose" of the credential (environment prod), and Vault\'s KV v2 allows at most 512 bytes per value: shorten it',
      ]);
    });
  });

  it("refuses two long IAM role names whose shortened forms (iamName's hash suffix) coincide", () => {
    // Found by search: both shorten to acme-data-exx...x-2aeef2bf; the names themselves stay as iamName makes them.
    const long = `e${"x".repeat(47)}`;
    const doc = inventoryWith((d) => {
      d.environments[1].name = long;
      for (const connector of d.connectors) connector.environments = { dev: {}, [long]: {} };
      d.connectors[1].consumers = [
        { id: "c7hs3aa", auth: { method: "aws-iam", trustedAccount: "999999999999", externalId: "vendor-7f3k" } },
        { id: "cdsaaca", auth: { method: "aws-iam", trustedAccount: "999999999999", externalId: "vendor-7f3k" } },
      ];
    });

    expect(derived(doc).filter((line) => line.includes('gives the IAM role "') && line.includes("2aeef2bf"))).toEqual([
      `connectors[1].consumers[1].id: gives the IAM role "acme-data-${long.slice(0, 45)}-2aeef2bf" (with environments[1].name), which is also the IAM role of ` +
        "connectors[1].consumers[0].id (with environments[1].name) (in AWS account 222222222222); two resources would write one object: change one of these ids so the names differ",
    ]);
  });

  it("refuses Kubernetes clusters a and a-config: the auth mount of one and the settings of the other get one Terraform address", () => {
    const doc = inventoryWith((d) => {
      d.environments[0].vault.auth = {
        kubernetes: [
          { name: "a", host: "https://k8s-a.acme.example" },
          { name: "a-config", host: "https://k8s-b.acme.example" },
        ],
      };
      d.connectors[0].consumers = [
        { id: "job-a", auth: { method: "kubernetes", cluster: "a", serviceAccount: "etl", namespace: "etl" } },
        { id: "job-b", auth: { method: "kubernetes", cluster: "a-config", serviceAccount: "etl", namespace: "etl" } },
      ];
      d.connectors[0].environments = { dev: {} };
    });

    expect(derived(doc)).toEqual([
      'environments[0].vault.auth.kubernetes: gives the Terraform address of the Kubernetes auth mount of cluster a-config "kubernetes-a-config", which is also the Terraform address of the Kubernetes auth settings of cluster a ' +
        "of environments[0].vault.auth.kubernetes (in stack dev); two resources would write one object: change one of these ids so the names differ",
    ]);
  });

  it("refuses an existing PKI mount (vault.pki.mount) that is the environment's KV mount", () => {
    const doc = inventoryWith((d) => {
      d.environments[1].vault.pki = { mount: "kv" };
      d.connectors.push(
        vaultConnector(
          "orders-mtls",
          { main: { type: "certificate", certificate: { commonName: "orders.acme.example" } } },
          ["orders-client"],
          { prod: {} },
        ),
      );
    });

    expect(derived(doc).filter((line) => line.includes('"kv"'))).toEqual([
      'environments[1].vault.pki.mount: gives the Vault PKI mount (existing, vault.pki.mount) "kv", which is also the Vault KV mount of environments[1].vault.namespace ' +
        "(on the Vault cluster of environment prod, namespace etl/prod); two resources would write one object: change one of these ids so the names differ",
    ]);
  });

  it("refuses a static role and a dynamic role of one database mount with one name (Vault keeps both in one namespace)", () => {
    const staticPassword = {
      type: "rotated-password",
      database: { host: "shop-db.internal", port: 5432, name: "shop", username: "shop_etl" },
      rotation: { days: 30 },
    };
    const doc = inventoryWith(
      (d) => void d.connectors.push(vaultConnector("shop", { a: dynamicDatabase, "a-x": staticPassword }, ["x"], { dev: {} })),
    );

    expect(derived(doc).filter((line) => line.includes('"shop-a-x"'))).toEqual([
      'connectors[2].credentials.a-x: gives the Vault database static role "shop-a-x", which is also the Vault database role of connectors[2].consumers[0].id (with connectors[2].credentials.a) ' +
        "(on the Vault cluster of environment dev, root namespace, mount etl-dev/database); two resources would write one object: change one of these ids so the names differ",
    ]);
  });

  it("refuses a consumer whose auth role is the key-broker rotation function's login role (<environment>-rotation) on one AWS auth mount", () => {
    const doc = fixtureDocument("realworld.yaml");
    const snowflake = doc.connectors.find((c: { id: string }) => c.id === "snowflake-loader");
    snowflake.consumers.push({ id: "prod-rotation", auth: { method: "aws-iam", roleName: "loader" } });

    expect(derived(doc)).toEqual([
      'environments[1].name: gives the Vault AWS auth role of the key-broker rotation function "prod-rotation", which is also the Vault AWS auth role of connectors[2].consumers[1].id ' +
        "(on the Vault cluster of environment prod, namespace etl/prod, auth mount aws); two resources would write one object: change one of these ids so the names differ",
    ]);
  });

  it("refuses two JWT issuers that give one auth mount path (…/ci-a and …/ci/a)", () => {
    const jwt = (issuer: string) => ({ method: "jwt", issuer, subject: "repo:acme/etl:ref:refs/heads/main", audience: "vault" });
    const doc = inventoryWith((d) => {
      d.connectors[0].consumers = [
        { id: "ci-one", auth: jwt("https://token.acme.example/ci-a") },
        { id: "ci-two", auth: jwt("https://token.acme.example/ci/a") },
      ];
      d.connectors[0].environments = { dev: {} };
    });

    expect(derived(doc).filter((line) => line.includes("gives the Vault JWT auth mount"))).toEqual([
      'connectors[0].consumers[1].auth.issuer: gives the Vault JWT auth mount "auth/etl-dev/jwt-token-acme-example-ci-a", which is also the Vault JWT auth mount of connectors[0].consumers[0].auth.issuer ' +
        "(on the Vault cluster of environment dev, root namespace); two resources would write one object: change one of these ids so the names differ",
    ]);
  });

  it("refuses a consumer named people on a production database credential: its role and the operators' role get one Terraform address", () => {
    const doc = inventoryWith((d) => void (d.connectors[0].consumers[0].id = "people"));

    expect(derived(doc)).toEqual([
      "connectors[0].credential: gives the Terraform address of the operators' database role \"role-people\", which is also the Terraform address of a consumer's database role of " +
        "connectors[0].consumers[0].id (with connectors[0].credential) (in stack prod); two resources would write one object: change one of these ids so the names differ",
    ]);
  });

  it("refuses two OIDC issuers of AWS consumers whose providers get one Terraform address in the account stack (…/ci-a and …/ci/a)", () => {
    const jwt = (issuer: string) => ({
      method: "jwt",
      issuer,
      subject: "repo:acme/etl:ref:refs/heads/main",
      audience: "sts.amazonaws.com",
    });
    const doc = inventoryWith((d) => {
      d.connectors[1].consumers = [
        { id: "ci-one", auth: jwt("https://token.acme.example/ci-a") },
        { id: "ci-two", auth: jwt("https://token.acme.example/ci/a") },
      ];
      d.connectors[1].environments = { prod: {} };
    });

    expect(derived(doc)).toEqual([
      'connectors[1].consumers[1].auth.issuer: gives the Terraform address of an IAM OIDC provider "token-acme-example-ci-a", which is also the Terraform address of an IAM OIDC provider of ' +
        "connectors[1].consumers[0].auth.issuer (in stack aws-222222222222); two resources would write one object: change one of these ids so the names differ",
    ]);
  });

  it("refuses consumer x in environment prod-eu and consumer eu-x in prod on one account: both are the IAM role acme-data-prod-eu-x", () => {
    const doc = inventoryWith((d) => {
      d.environments.push({
        name: "prod-eu",
        tier: "production",
        stores: ["aws"],
        aws: { accountId: "222222222222", region: "eu-central-1" },
      });
      const third = { method: "aws-iam", trustedAccount: "999999999999", externalId: "vendor-7f3k" };
      d.connectors[1].consumers = [{ id: "eu-x", auth: third }];
      d.connectors[1].environments = { prod: {} };
      d.connectors.push({
        ...structuredClone(d.connectors[1]),
        id: "billing-eu",
        consumers: [{ id: "x", auth: third }],
        environments: { "prod-eu": {} },
      });
    });

    expect(derived(doc).filter((line) => line.includes('IAM role "acme-data-prod-eu-x"'))).toEqual([
      'connectors[2].consumers[0].id: gives the IAM role "acme-data-prod-eu-x" (with environments[2].name), which is also the IAM role of connectors[1].consumers[0].id (with environments[1].name) ' +
        "(in AWS account 222222222222); two resources would write one object: change one of these ids so the names differ",
    ]);
  });
});

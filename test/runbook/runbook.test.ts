import { evaluateIam, parseIamPolicy } from "../../lib/analysis/iam";
import { policyText } from "../../lib/policy/aws/policy-document";
import { secretResourcePolicy } from "../../lib/policy/aws/secret-resource-policy";
import { renderRunbook, UnknownConnectorError } from "../../lib/runbook";
import { loadInventory } from "../../lib/inventory/load";

const acme = loadInventory("test/fixtures/inventories/acme.yaml");
const realworld = loadInventory("test/fixtures/inventories/realworld.yaml");

describe("renderRunbook", () => {
  it("matches the snapshot of acme's orders-postgres (dynamic database, AppRole and Kubernetes consumers)", () => {
    expect(renderRunbook(acme, "orders-postgres", { inventoryFile: "acme.yaml" })).toMatchSnapshot();
  });

  it("matches the snapshot of realworld's erp-mssql (static password in KV and signed SSH certificates)", () => {
    expect(renderRunbook(realworld, "erp-mssql", { inventoryFile: "realworld.yaml" })).toMatchSnapshot();
  });

  it("names owner and on-call, and revokes dynamic leases per consumer role with the namespace of each environment", () => {
    const text = renderRunbook(acme, "orders-postgres");
    expect(text).toContain("- Owner: Orders data team (orders-team), orders-data@acme.example\n- On-call: pagerduty:PORDERS");
    expect(text).toContain(
      "`VAULT_ADDR=https://vault.acme.example:8200 VAULT_NAMESPACE=etl/prod vault lease revoke -prefix database/creds/orders-postgres-main-orders-nightly`",
    );
    expect(text).toContain("vault write -f database/rotate-root/orders-postgres-main");
    expect(text).toContain("vault write auth/approle/role/orders-nightly/secret-id-accessor/destroy secret_id_accessor=<accessor>");
    expect(text).not.toContain("auth/approle/role/orders-cdc"); // a Kubernetes consumer has no secret id
  });

  it("uses the mount prefix where an environment isolates by mount", () => {
    const text = renderRunbook(acme, "stripe-api");
    expect(text).toContain(
      "| test | main | api-key | Vault https://vault.dev.acme.example:8200: `etl-test/kv/data/connectors/stripe-api/main` |",
    );
    expect(text).toContain(
      "`VAULT_ADDR=https://vault.dev.acme.example:8200 vault kv destroy -mount=etl-test/kv -versions=<n> connectors/stripe-api/main`",
    );
    expect(text).toContain("Ask the issuer (http-api) to revoke the old value and issue a new one");
    expect(text).toContain("`<new value> | etl-secrets seed connectors.yaml stripe-api --env prod --overwrite`");
  });

  it("rotates Secrets Manager secrets now, cancels stuck rotations and denies reads by resource policy", () => {
    const text = renderRunbook(acme, "billing-mysql");
    expect(text).toContain("`aws secretsmanager rotate-secret --region eu-west-1 --secret-id acme-data/prod/billing-mysql/main`");
    expect(text).toContain("`aws secretsmanager cancel-rotate-secret --region eu-west-1 --secret-id acme-data/prod/billing-mysql/main`");
    expect(text).toContain("aws secretsmanager put-resource-policy --region eu-west-1 --secret-id acme-data/prod/billing-mysql/main");
    expect(text).toContain(
      "aws cloudtrail lookup-events --region eu-west-1 --lookup-attributes AttributeKey=ResourceName,AttributeValue=acme-data/prod/billing-mysql/main",
    );
    expect(text).toContain("- On-call: pagerduty:PORDERS");
  });

  it("revokes PKI certificates by serial and tidies", () => {
    const text = renderRunbook(acme, "warehouse-mtls");
    expect(text).toContain("vault write pki/revoke serial_number=<serial>");
    expect(text).toContain("vault write pki/tidy tidy_cert_store=true tidy_revoked_certs=true");
  });

  it("covers every credential kind of the realworld inventory without throwing", () => {
    for (const connector of realworld.connectors) {
      const text = renderRunbook(realworld, connector.id);
      expect(text).toMatch(/## 1\. Revoke[\s\S]*## 2\. Quarantine in the inventory[\s\S]*## 3\. Reissue[\s\S]*## 4\. Check after/);
    }
    expect(renderRunbook(realworld, "salesforce-crm")).toContain("- On-call: none declared");
    expect(renderRunbook(realworld, "bigquery-export")).toContain("vault lease revoke -prefix gcp/roleset/bigquery-export-main");
    expect(renderRunbook(realworld, "redshift-sink")).toContain("vault lease revoke -prefix aws/creds/redshift-sink-staging");
    expect(renderRunbook(realworld, "s3-landing")).toContain("AWSRevokeOlderSessions");
  });

  it("is deterministic and names the quarantine steps", () => {
    const text = renderRunbook(acme, "legacy-ftp", { inventoryFile: "acme.yaml" });
    expect(renderRunbook(acme, "legacy-ftp", { inventoryFile: "acme.yaml" })).toBe(text);
    expect(text).toContain("state: **quarantined**");
    expect(text).toContain("1. Set `lifecycle: { state: quarantined }` on `legacy-ftp` in `acme.yaml`.");
    expect(text).toContain(
      "Quarantine denies every read in every environment, consumers' and people's (break-glass may only replace or rotate the value)",
    );
    expect(text).toContain("`etl-secrets synth acme.yaml --out cdktf.out`");
  });

  it("refuses an unknown connector, listing the known ones", () => {
    expect(() => renderRunbook(acme, "nope")).toThrow(UnknownConnectorError);
    expect(() => renderRunbook(acme, "nope")).toThrow(/known: billing-mysql, hubspot-api/);
  });

  describe("the AWS deny step", () => {
    const text = renderRunbook(acme, "billing-mysql");
    const prodRevoke = text.slice(text.indexOf("### prod"), text.indexOf("## 2."));

    it("names no file that nothing writes: every file:// of every runbook is written by the same command", () => {
      for (const [inventory, connector] of [
        ...acme.connectors.map((c) => [acme, c.id] as const),
        ...realworld.connectors.map((c) => [realworld, c.id] as const),
      ]) {
        const runbook = renderRunbook(inventory, connector);
        for (const command of runbook.match(/`[^`]*`/g) ?? []) {
          for (const [, file] of command.matchAll(/file:\/\/([^\s`]+)/g)) {
            expect([connector, command.includes(`> ${file}`)]).toEqual([connector, true]);
          }
        }
      }
    });

    it("adds one named deny statement to the secret's current (Terraform-managed) policy instead of replacing it", () => {
      const commands = prodRevoke.match(/`[^`]*put-resource-policy[^`]*`/g)!;
      expect(commands).toHaveLength(1);
      const command = commands[0];
      expect(command).toContain(
        "aws secretsmanager get-resource-policy --region eu-west-1 --secret-id acme-data/prod/billing-mysql/main --query ResourcePolicy --output text",
      );
      // Idempotent: a previous emergency statement is replaced, every other statement kept.
      expect(command).toContain(`.Statement |= (map(select(.Sid != "EmergencyDenyReads")) + [`);
      expect(command).toContain(
        "aws secretsmanager put-resource-policy --region eu-west-1 --secret-id acme-data/prod/billing-mysql/main --resource-policy file://",
      );
      expect(prodRevoke).toMatch(/next apply .*replaces/);
    });

    it("denies every read but the rotation function's, break-glass's included (it may still replace and rotate), once added to the managed policy", () => {
      const command = prodRevoke.match(/`[^`]*put-resource-policy[^`]*`/)![0];
      const statement = JSON.parse(/\+ \[(\{.*\})\]\)'/.exec(command)![1]);
      const secretArn = "arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme-data/prod/billing-mysql/main-AbCdEf";
      const rotator = "arn:aws:iam::222222222222:role/acme-data/prod/acme-data-prod-rotate-mysql-single-user";
      const managed = JSON.parse(
        policyText(secretResourcePolicy({ environment: "prod", accountId: "222222222222", secretArn, rotationRoleArn: rotator })),
      );
      const policy = parseIamPolicy("resource", { ...managed, Statement: [...managed.Statement, statement] });
      const may = (arn: string, action: string) =>
        evaluateIam({
          request: {
            principal: { arn, tags: { environment: "prod" } },
            action,
            resource: { arn: secretArn, tags: { environment: "prod" } },
          },
          identityPolicies: [
            parseIamPolicy("identity", {
              Version: "2012-10-17",
              Statement: [{ Effect: "Allow", Action: "secretsmanager:*", Resource: "*" }],
            }),
          ],
          resourcePolicy: policy,
        }).decision;
      const breakGlass = "arn:aws:iam::222222222222:role/acme-data/prod/acme-data-prod-break-glass";
      expect(may("arn:aws:iam::222222222222:role/acme-data/prod/billing-sync-prod", "secretsmanager:GetSecretValue")).toBe("explicit-deny");
      expect(may(rotator, "secretsmanager:GetSecretValue")).toBe("allow");
      expect(may(breakGlass, "secretsmanager:GetSecretValue")).toBe("explicit-deny");
      expect(may(breakGlass, "secretsmanager:PutSecretValue")).toBe("allow");
      expect(may(breakGlass, "secretsmanager:RotateSecret")).toBe("allow");
    });

    it("keeps reading a master secret possible for the alternating-users function that uses it", () => {
      const admin = renderRunbook(acme, "orders-db-admin");
      const command = admin.slice(admin.indexOf("### prod")).match(/`[^`]*put-resource-policy[^`]*`/)![0];
      expect(command).toContain("arn:aws:iam::222222222222:role/acme-data/prod/acme-data-prod-rotate-postgresql-alternating-users");
      expect(command).toContain("arn:aws:iam::222222222222:role/acme-data/prod/acme-data-prod-rotate-postgresql-single-user");
    });
  });

  describe("rotating a leaked password", () => {
    const rotations = (text: string, env: string) => {
      const section = text.slice(text.indexOf(`### ${env}`), text.indexOf("## 2."));
      return (section.match(/`aws secretsmanager rotate-secret [^`]*`/g) ?? []).length;
    };

    it("rotates alternating users twice, waiting for the first rotation, and says why; a single user once", () => {
      const text = renderRunbook(acme, "orders-archive-postgres");
      expect(rotations(text, "prod")).toBe(2);
      expect(text).toContain(
        "`aws secretsmanager describe-secret --region eu-west-1 --secret-id acme-data/prod/orders-archive-postgres/main --query VersionIdsToStages`",
      );
      expect(text).toMatch(/previous user keeps its password/);
      expect(rotations(renderRunbook(acme, "billing-mysql"), "prod")).toBe(1);
    });
  });

  it("revokes a cloud role's sessions on the role the environment really has, with the policy built in the command", () => {
    const text = renderRunbook(realworld, "s3-landing");
    const commands = text.match(/`aws iam put-role-policy [^`]*`/g)!;
    // The cloud role as the plan names it (no roleName in the spec: <organization>-<environment>-<connector>-<credential>).
    expect(commands.map((c) => /--role-name (\S+)/.exec(c)![1])).toEqual([
      "acme-data-dev-s3-landing-main",
      "acme-data-prod-s3-landing-main",
    ]);
    for (const command of commands) {
      expect(command).toContain("--policy-name AWSRevokeOlderSessions");
      expect(command).not.toContain("file://");
      expect(command).toContain('"aws:TokenIssueTime"');
    }
  });

  it("writes a new value with seed only after the quarantine is lifted (seed refuses a quarantined connector), as a principal the secret's policy lets write", () => {
    for (const [inventory, connector] of [
      [acme, "stripe-api"],
      [realworld, "erp-mssql"],
      [realworld, "google-ads"],
    ] as const) {
      const text = renderRunbook(inventory, connector);
      const reissue = text.slice(text.indexOf("## 3. Reissue"), text.indexOf("## 4."));
      expect([
        connector,
        reissue.indexOf("lifecycle.state: active") >= 0 && reissue.indexOf("lifecycle.state: active") < reissue.indexOf("etl-secrets seed"),
      ]).toEqual([connector, true]);
    }
    expect(renderRunbook(realworld, "google-ads")).toContain(
      "as a principal tagged `environment: prod` (the break-glass role in production)",
    );
  });

  it("points the Vault audit-log check at the path each credential is really obtained from", () => {
    const auditPath = (text: string) => [...text.matchAll(/startswith\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(auditPath(renderRunbook(realworld, "erp-mssql"))).toEqual([
      "kv/data/connectors/erp-mssql/db",
      "ssh/sign/erp-mssql-tunnel",
      "kv/data/connectors/erp-mssql/db",
      "ssh/sign/erp-mssql-tunnel",
    ]);
    expect(new Set(auditPath(renderRunbook(acme, "warehouse-mtls")))).toEqual(new Set(["pki/issue/warehouse-mtls-main"]));
    expect(new Set(auditPath(renderRunbook(realworld, "bigquery-export")))).toEqual(new Set(["gcp/roleset/bigquery-export-main"]));
    expect(new Set(auditPath(renderRunbook(acme, "orders-postgres")))).toEqual(new Set(["database/creds/orders-postgres-main"]));
  });
});

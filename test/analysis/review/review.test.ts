import { loadAccessModel } from "../../../lib/analysis/access-model";
import { controlGroups, reviewChanges, reviewMarkdown } from "../../../lib/analysis/review";
import { fixtureDocument } from "../../support/inventories";
import { editStack, inventoryOf, resourceKey, SynthDirs } from "../../support/analysis/synth-dirs";

const dirs = new SynthDirs();
let base: string;
let withConsumer: string;

beforeAll(() => {
  base = dirs.fixture("acme.yaml");
  const doc = fixtureDocument("acme.yaml");
  const stripe = doc.connectors.find((c: { id: string }) => c.id === "stripe-api");
  stripe.consumers.push({
    id: "payouts-report",
    description: "Airflow DAG payouts_report",
    auth: { method: "approle", cidrs: ["10.20.0.0/16"] },
    access: "read",
  });
  withConsumer = dirs.synth(inventoryOf(doc));
});
afterAll(() => dirs.cleanup());

describe("review", () => {
  it("between two synths that differ by one consumer shows exactly that change", () => {
    const report = reviewChanges(loadAccessModel(base), loadAccessModel(withConsumer));
    const role = (env: string, cluster: string, ns: string) =>
      `vault:${cluster}/${ns}approle/role/payouts-report`.replace("approle", `auth/${env === "test" ? "etl-test/" : ""}approle`);
    expect(report.gained.map((g) => [g.environment, g.principal, g.resource.replace(/^.*\/kv\//, "kv/"), g.actions.join()])).toEqual([
      ["dev", role("dev", "vault.dev.acme.example", "etl/dev/"), "kv/data/connectors/stripe-api/main", "read"],
      ["dev", role("dev", "vault.dev.acme.example", "etl/dev/"), "kv/metadata/connectors/stripe-api/main", "read"],
      ["prod", role("prod", "vault.acme.example", "etl/prod/"), "kv/data/connectors/stripe-api/main", "read"],
      ["prod", role("prod", "vault.acme.example", "etl/prod/"), "kv/metadata/connectors/stripe-api/main", "read"],
      ["staging", role("staging", "vault.acme.example", "etl/staging/"), "kv/data/connectors/stripe-api/main", "read"],
      ["staging", role("staging", "vault.acme.example", "etl/staging/"), "kv/metadata/connectors/stripe-api/main", "read"],
      ["test", role("test", "vault.dev.acme.example", ""), "kv/data/connectors/stripe-api/main", "read"],
      ["test", role("test", "vault.dev.acme.example", ""), "kv/metadata/connectors/stripe-api/main", "read"],
    ]);
    expect(report.lost).toEqual([]);
    expect(report.settings).toEqual([]);
    expect(report.destroyed).toEqual([]);
    expect(report.removed).toEqual([]);
    expect(report.added.map((a) => `${a.environment} ${a.kind} ${a.detail}`)).toEqual([
      "dev principal consumer payouts-report",
      "prod principal consumer payouts-report",
      "staging principal consumer payouts-report",
      "test principal consumer payouts-report",
    ]);
  });

  it("puts every destroyed address in bold, data-loss first; the Markdown is the same bytes every time", () => {
    const report = reviewChanges(loadAccessModel(withConsumer), loadAccessModel(base));
    const markdown = reviewMarkdown(report);
    expect(report.lost).toHaveLength(8);
    for (const d of report.destroyed) expect(markdown).toContain(`**${d.stack}: ${d.address}**`);
    expect(report.destroyed.map((d) => d.constructPath)).toContain("prod/vault/consumer-payouts-report/approle");
    expect(reviewMarkdown(reviewChanges(loadAccessModel(withConsumer), loadAccessModel(base)))).toBe(markdown);
  });

  it("flags a destroyed secret as data loss, and TTL, rotation, approval and MFA changes", () => {
    const head = dirs.copy(base);
    editStack(head, "prod", (json) => {
      delete json.resource.aws_secretsmanager_secret[resourceKey(json, "aws_secretsmanager_secret", "secret-hubspot-api_main")];
      json.resource.vault_approle_auth_backend_role[
        resourceKey(json, "vault_approle_auth_backend_role", "consumer-orders-nightly_")
      ].token_ttl = 86400;
      json.resource.aws_secretsmanager_secret_rotation[
        resourceKey(json, "aws_secretsmanager_secret_rotation", "billing-mysql")
      ].rotation_rules = { automatically_after_days: 90 };
      const operator = resourceKey(json, "vault_policy", "operator");
      json.resource.vault_policy[operator].policy = json.resource.vault_policy[operator].policy.replace("approvals = 2", "approvals = 1");
      delete json.resource.vault_identity_mfa_login_enforcement[Object.keys(json.resource.vault_identity_mfa_login_enforcement)[0]];
    });
    const report = reviewChanges(loadAccessModel(base), loadAccessModel(head));
    expect(report.destroyed).toContainEqual(expect.objectContaining({ stack: "prod", type: "aws_secretsmanager_secret", dataLoss: true }));
    expect(report.destroyed[0].dataLoss).toBe(true);
    expect(report.settings.map((s) => [s.category, s.setting, s.before, s.after])).toEqual([
      [
        "Approval",
        'control group on "database/creds/orders-postgres-main_operator"',
        'group_names ["data-platform-leads"], 2 approval(s)',
        'group_names ["data-platform-leads"], 1 approval(s)',
      ],
      ["MFA", "removed", "present", undefined],
      ["Rotation", "rotation_rules", '{"automatically_after_days":30}', '{"automatically_after_days":90}'],
      ["TTL", "token_ttl", "3600", "86400"],
    ]);
    const markdown = reviewMarkdown(report);
    expect(markdown).toMatch(/- \*\*prod: aws_secretsmanager_secret\.[^*]+\*\* .* — data loss/);
  });

  it("reads control groups from policy text", () => {
    expect(
      controlGroups(
        'path "a" {\n  capabilities = ["read"]\n  control_group {\n factor "x" {\n identity {\n group_names = ["g"]\n approvals = 2\n}\n}\n}\n}\npath "b" {\n capabilities = ["read"]\n}\n',
      ),
    ).toEqual(new Map([["a", 'group_names ["g"], 2 approval(s)']]));
  });
});

import { logicalChanges, reviewMarkdown, type ReviewReport } from "../../../lib/analysis/review";
import type { IntentException } from "../../../lib/intent/types";
import { manifest, readRows } from "../../support/analysis/manifests";

function report(extra: Partial<ReviewReport> = {}): ReviewReport {
  return {
    gained: [],
    lost: [],
    settings: [],
    destroyed: [],
    forgotten: [],
    blockingDestroys: 0,
    added: [],
    removed: [],
    headViolations: 0,
    baseViolations: 0,
    exceptions: { changes: [], expired: 0 },
    changes: [],
    productionEnvironments: ["prod"],
    suppressions: { added: [], removed: [] },
    ...extra,
  };
}

const exception: IntentException = {
  id: "shared-bucket",
  boundary: "cross-environment-trust",
  connector: "orders-archive",
  environment: "prod",
  target: "444455556666",
  reason: "The archive job runs in the analytics account",
  requestedBy: "data-team",
  approvedBy: "security-team",
  expires: "2027-01-31",
  principals: [],
};

describe("review Markdown", () => {
  it("shows a consumer's read of one credential in four environments as one row: production first and in bold, owner, class and regulations", () => {
    const gained = readRows("finance-recon", "stripe-api/main");
    const intent = manifest();
    const markdown = reviewMarkdown(report({ gained, changes: logicalChanges(gained, [], intent, intent) }));
    const rows = markdown.split("\n").filter((line) => line.startsWith("| **gains**") || line.startsWith("| gains"));
    expect(rows).toEqual([
      "| **gains** | consumer `finance-recon` | `stripe-api/main` | read | **prod**, dev, staging, test | `growth-team` | high | pci | |",
    ]);
    // The eight per-path rows stay, folded away below.
    expect(markdown).toMatch(/<details><summary>Principals and paths behind these changes \(8 gained, 0 lost\)<\/summary>/);
    expect(markdown.split("\n").filter((line) => /^\| (dev|test|staging|prod) \| `vault:/.test(line))).toHaveLength(8);
  });

  it("shows a dash where an older manifest has no owner, class or regulations, and 'none' for no regulation", () => {
    const gained = readRows("finance-recon", "stripe-api/main", [{ name: "dev", production: false }]);
    const older = manifest({ credentials: [{ id: "stripe-api/main" }] });
    expect(reviewMarkdown(report({ gained, changes: logicalChanges(gained, [], older, older) }))).toContain(
      "| gains | consumer `finance-recon` | `stripe-api/main` | read | dev | — | — | — | |",
    );
    const unregulated = manifest({ credentials: [{ id: "stripe-api/main", owner: "growth-team", sensitivity: "low", regulations: [] }] });
    expect(reviewMarkdown(report({ gained, changes: logicalChanges(gained, [], unregulated, unregulated) }))).toContain(
      "| `growth-team` | low | none | |",
    );
  });

  it("marks access beyond the intent in bold in the change's note", () => {
    const gained = [
      {
        ...readRows("finance-recon", "stripe-api/main", [{ name: "prod", production: true }])[0],
        violation: "reads a credential it does not consume",
      },
    ];
    const markdown = reviewMarkdown(report({ gained, changes: logicalChanges(gained, [], manifest(), manifest()) }));
    expect(markdown).toContain("| **beyond intent: prod: reads a credential it does not consume** |");
  });

  it("keeps a hostile principal id inside its cell: a pipe or a line break neither ends the cell nor the row", () => {
    const hostile = "arn:aws:iam::1:role/x|y\n| **fake** | row |";
    const gained = [
      { environment: "prod", principal: hostile, resource: "vault:elsewhere|z", actions: ["read"], violation: "not in the intent" },
    ];
    const markdown = reviewMarkdown(report({ gained, changes: logicalChanges(gained, [], manifest(), manifest()) }));
    const rows = markdown.split("\n").filter((line) => line.startsWith("|") && line.includes("role/x"));
    expect(rows).toHaveLength(2);
    // Unescaped pipes only: the row's own cell borders (9 columns in the change table, 5 in the detail table).
    expect(rows.map((row) => row.split(/(?<!\\)\|/).length - 1)).toEqual([10, 6]);
  });

  it("states the recovery window of every destroy, production first and in bold", () => {
    const markdown = reviewMarkdown(
      report({
        destroyed: [
          {
            stack: "dev",
            address: "aws_secretsmanager_secret.a",
            constructPath: "dev/aws/a",
            type: "aws_secretsmanager_secret",
            dataLoss: true,
            production: false,
            recoveryWindow: "Secrets Manager keeps it 7 days",
            blocking: false,
          },
          {
            stack: "prod",
            address: "aws_iam_role.r",
            constructPath: "prod/aws/r",
            type: "aws_iam_role",
            dataLoss: false,
            production: true,
            recoveryWindow: "nothing to recover: it holds no data",
            blocking: false,
          },
        ],
      }),
    );
    const lines = markdown.split("\n").filter((line) => line.startsWith("- **"));
    expect(lines).toEqual([
      "- **prod: aws_iam_role.r** `prod/aws/r` — **production** — nothing to recover: it holds no data",
      "- **dev: aws_secretsmanager_secret.a** `dev/aws/a` — data loss: Secrets Manager keeps it 7 days",
    ]);
  });

  it("puts production first and in bold among setting changes and added or removed credentials", () => {
    const markdown = reviewMarkdown(
      report({
        settings: [
          {
            category: "TTL",
            stack: "dev",
            address: "a",
            constructPath: "dev/a",
            setting: "token_ttl",
            before: "1",
            after: "2",
            production: false,
          },
          {
            category: "TTL",
            stack: "prod",
            address: "a",
            constructPath: "prod/a",
            setting: "token_ttl",
            before: "1",
            after: "2",
            production: true,
          },
        ],
        added: [
          { environment: "dev", kind: "credential", id: "stripe-api/main", detail: "api-key" },
          { environment: "prod", kind: "credential", id: "stripe-api/main", detail: "api-key" },
        ],
      }),
    );
    expect(markdown.indexOf("| TTL | **prod** |")).toBeGreaterThan(0);
    expect(markdown.indexOf("| TTL | **prod** |")).toBeLessThan(markdown.indexOf("| TTL | dev |"));
    expect(markdown).toContain("- added credential `stripe-api/main` (api-key) in **prod**, dev\n");
  });

  it("groups added and removed credentials and principals across environments, production first, with each principal id folded away", () => {
    const principal = (environment: string) => ({
      environment,
      kind: "principal" as const,
      id: `vault:v/${environment}/auth/approle/role/finance-recon`,
      detail: "consumer finance-recon",
    });
    const markdown = reviewMarkdown(
      report({
        added: [principal("dev"), principal("prod"), { environment: "dev", kind: "credential", id: "dev-only/main", detail: "api-key" }],
        removed: [{ environment: "prod", kind: "credential", id: "legacy-ftp/main", detail: "static-password" }],
      }),
    );
    const section = markdown.split("### Credentials and principals\n\n")[1].split("\n\n### ")[0].split("\n");
    expect(section).toEqual([
      "- added principal: consumer `finance-recon` in **prod**, dev",
      "- removed credential `legacy-ftp/main` (static-password) from **prod**",
      "- added credential `dev-only/main` (api-key) in dev",
      "",
      "<details><summary>Principal ids (2)</summary>",
      "",
      "- added in **prod**: principal `vault:v/prod/auth/approle/role/finance-recon` (consumer finance-recon)",
      "- added in dev: principal `vault:v/dev/auth/approle/role/finance-recon` (consumer finance-recon)",
      "",
      "</details>",
    ]);
  });

  it("lists the exceptions and check suppressions the change adds in bold, and those it drops", () => {
    const markdown = reviewMarkdown(
      report({
        exceptions: {
          changes: [
            { kind: "added", exception },
            { kind: "kept", exception: { ...exception, id: "old-one" } },
          ],
          expired: 0,
        },
        suppressions: {
          added: [{ rule: "CKV_AWS_304", target: "prod/aws/secret-stripe-api_main" }, { rule: "ETL-VAULT-003" }],
          removed: [{ rule: "CKV_AWS_149" }],
        },
      }),
    );
    const section = markdown.split("### Exceptions and suppressions this change adds\n\n")[1].split("\n\n")[0].split("\n");
    expect(section).toEqual([
      "- **added exception `shared-bucket`: cross-environment-trust of `orders-archive` in prod to `444455556666`, expires 2027-01-31**",
      "- **added check suppression `CKV_AWS_304` on `prod/aws/secret-stripe-api_main`** (its reason is in the inventory's `checks.suppressions`)",
      "- **added check suppression `ETL-VAULT-003` everywhere** (its reason is in the inventory's `checks.suppressions`)",
      "- removed check suppression `CKV_AWS_149` everywhere",
    ]);
    expect(reviewMarkdown(report())).toContain("### Exceptions and suppressions this change adds\n\nNone.\n");
  });

  it("is the same bytes for the same report", () => {
    const gained = readRows("finance-recon", "stripe-api/main");
    const make = () => reviewMarkdown(report({ gained, changes: logicalChanges(gained, [], manifest(), manifest()) }));
    expect(make()).toBe(make());
  });
});

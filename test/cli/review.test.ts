import { join } from "node:path";
import { run } from "../../lib/cli/main";
import type { CliIo } from "../../lib/cli/io";
import { fixtureDocument } from "../support/inventories";
import { inventoryOf, SynthDirs } from "../support/analysis/synth-dirs";

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => (out += t.endsWith("\n") ? t : `${t}\n`), err: (t) => (err += t.endsWith("\n") ? t : `${t}\n`) };
  const code = await run(argv, io);
  return { code, out, err };
}

const dirs = new SynthDirs();
let base: string;
let head: string;
beforeAll(() => {
  base = dirs.fixture("acme.yaml");
  const doc = fixtureDocument("acme.yaml");
  doc.connectors = doc.connectors.filter((c: { id: string }) => c.id !== "legacy-ftp");
  head = dirs.synth(inventoryOf(doc));
});
afterAll(() => dirs.cleanup());

describe("etl-secrets review", () => {
  it("prints Markdown for a pull request: removed credential, lost access, destroyed addresses in bold, production first and in bold", async () => {
    const result = await cli("review", base, head);
    expect(result.code).toBe(0);
    expect(result.out.startsWith("<!-- etl-secrets-review -->\n## etl-secrets review\n")).toBe(true);
    expect(result.out).toContain("- removed credential `legacy-ftp/main` (static-password) from **prod**, dev\n");
    expect(result.out).toContain("- removed principal: consumer `price-files` from **prod**, dev\n");
    // Each principal id, production first, folded away below.
    expect(result.out).toContain(
      "- removed from **prod**: principal `vault:vault.acme.example/etl/prod/auth/approle/role/price-files` (consumer price-files)",
    );
    expect(result.out.indexOf("- removed from **prod**: principal")).toBeLessThan(result.out.indexOf("- removed from dev: principal"));
    // The metadata endpoint is written with disable_delete: Terraform forgets it, Vault keeps the data.
    expect(result.out).toMatch(
      /- \*\*prod: vault_generic_endpoint\.[^*]+\*\* `prod\/vault\/connector-legacy-ftp\/main\/metadata\/metadata` — \*\*production\*\* — nothing to recover: disable_delete keeps the data in Vault/,
    );
    // One row per logical change, with the connector's owner, class and regulations.
    expect(result.out).toContain(
      "| **loses** | operator `prod-operators` | `legacy-ftp/main` | read metadata | **prod** | `platform-team` | moderate | none | |",
    );
    // People lose what they had on the removed (quarantined) credential: operators its metadata, break-glass the replacement write.
    expect(result.out).toMatch(
      /\| prod \| `vault:vault.acme.example\/etl\/prod\/identity\/group\/prod-operators` \| `vault:vault.acme.example\/etl\/prod\/kv\/metadata\/connectors\/legacy-ftp\/main` \| read \|/,
    );
    expect(result.out).toMatch(
      /\| prod \| `vault:vault.acme.example\/etl\/prod\/identity\/group\/prod-break-glass` \| `vault:vault.acme.example\/etl\/prod\/kv\/data\/connectors\/legacy-ftp\/main` \| create, update \|/,
    );
    expect((await cli("review", base, head)).out).toBe(result.out);
  });

  it("says nothing changed between identical outputs", async () => {
    const result = await cli("review", base, base);
    expect(result.code).toBe(0);
    expect(result.out).toContain("0 access change(s) (0 path(s) gained, 0 lost) · 0 setting change(s)");
  });

  it("prints the report as JSON with --format json: the grouped changes beside every per-path row, the same bytes every time", async () => {
    const result = await cli("review", base, head, "--format", "json");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    // Break-glass and operators lose their access; the auditors and the reminder checker lose metadata reads (and nothing else).
    const machine = (row: { principal: string }) =>
      /\/identity\/group\/[a-z-]+-auditors$|\/auth\/aws\/role\/[a-z-]+-reminders$/.test(row.principal);
    expect(report.lost.filter((row: { principal: string }) => !machine(row))).toHaveLength(3);
    for (const row of report.lost.filter(machine)) expect(row.resource).toMatch(/\/kv\/metadata\/connectors\/legacy-ftp\/main$/);
    const changes: string[] = report.changes.map(
      (c: { who: string; access: string; environments: { name: string }[] }) =>
        `${c.who} ${c.access} ${c.environments.map((e) => e.name).join()}`,
    );
    expect(changes.filter((c) => !/^([a-z-]+-auditors|reminders) read metadata /.test(c))).toEqual([
      "prod-break-glass write prod",
      "prod-operators read metadata prod",
    ]);
    expect((await cli("review", base, head, "--format", "json")).out).toBe(result.out);
    expect((await cli("review", base, head, "--format", "yaml")).code).toBe(2);
  });

  it("refuses a missing or partial directory", async () => {
    const result = await cli("review", base, join(head, "nope"));
    expect(result.code).toBe(2);
    expect(result.out).toBe("");
    expect(result.err).toMatch(/^etl-secrets: head: .*no such directory/m);
  });
});

describe("etl-secrets review of a production destroy", () => {
  it("exits 1 when production data is destroyed without a retirement", async () => {
    const doc = fixtureDocument("acme.yaml");
    doc.connectors = doc.connectors.filter((c: { id: string }) => c.id !== "hubspot-api");
    const result = await cli("review", base, dirs.synth(inventoryOf(doc)));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/production resource\(s\) holding data destroyed without a retirement/);
    expect(result.out).toContain("Secrets Manager keeps it 30 days (recovery_window_in_days)");
  });
});

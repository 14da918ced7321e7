import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { run } from "../../lib/cli/main";
import type { CliIo } from "../../lib/cli/io";
import { devTrustException, prodTrustsDev } from "../support/exception-inventory";
import { SynthDirs } from "../support/analysis/synth-dirs";
import { baseInventory } from "../support/inventory/base-inventory";

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => (out += t.endsWith("\n") ? t : `${t}\n`), err: (t) => (err += t.endsWith("\n") ? t : `${t}\n`) };
  const code = await run(argv, io);
  return { code, out, err };
}

/** Every file under a directory, by relative path, with its bytes. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return files;
}

// The exception of the fixture expires on 2026-12-31.
const dirs = new SynthDirs();
let inventory: string;
let baseFile: string;
let base: string;
let head: string;
beforeAll(async () => {
  const work = dirs.temp();
  inventory = join(work, "inventory.yaml");
  writeFileSync(inventory, JSON.stringify(prodTrustsDev(), null, 2));
  baseFile = join(work, "base.yaml");
  writeFileSync(baseFile, JSON.stringify(baseInventory(), null, 2));
  base = dirs.temp();
  head = dirs.temp();
  expect((await cli("synth", baseFile, "--out", base, "--no-ledger", "--now", "2026-06-01")).code).toBe(0);
  expect((await cli("synth", inventory, "--out", head, "--no-ledger", "--now", "2026-06-01")).code).toBe(0);
});
afterAll(() => dirs.cleanup());

describe("etl-secrets validate --now: the expiry of exceptions", () => {
  it("passes before the warning window, warns 29 days ahead, fails once expired", async () => {
    expect(await cli("validate", inventory, "--now", "2026-06-01")).toEqual({
      code: 0,
      out: `${inventory}: valid (2 connector(s), 2 environment(s))\n`,
      err: "",
    });

    const warned = await cli("validate", inventory, "--now", "2026-12-02");
    expect(warned.code).toBe(0);
    expect(warned.err).toContain("exceptions[0].expires: the exception expires in 29 day(s) (2026-12-31, today 2026-12-02)");

    const expired = await cli("validate", inventory, "--now", "2027-01-01", "--format", "json");
    expect(expired.code).toBe(1);
    expect(JSON.parse(expired.out).issues).toEqual([
      expect.objectContaining({
        path: "exceptions[0].expires",
        message: expect.stringMatching(/^the exception expired 1 day\(s\) ago \(2026-12-31, today 2027-01-01\)/),
      }),
    ]);
  });

  it("refuses a --now that is no date (usage)", async () => {
    expect((await cli("validate", inventory, "--now", "2026-02-30")).code).toBe(2);
  });

  it("fails an exception that matches no crossing", async () => {
    const file = join(dirs.temp(), "unused.yaml");
    writeFileSync(file, JSON.stringify(prodTrustsDev([devTrustException(), devTrustException({ id: "stale", environment: "dev" })])));
    const result = await cli("validate", file, "--now", "2026-06-01");

    expect(result.code).toBe(1);
    expect(result.err).toContain("exceptions[1]: matches no cross-environment-trust of connector billing-mysql in environment dev");
  });
});

describe("etl-secrets synth --now: the date never changes the output", () => {
  it("writes the same bytes for two dates, and refuses once the exception expired", async () => {
    const later = dirs.temp();
    const synth = await cli("synth", inventory, "--out", later, "--no-ledger", "--now", "2026-12-30");
    expect(synth.code).toBe(0);
    expect(synth.err).toContain("the exception expires in 1 day(s)");

    expect(tree(later)).toEqual(tree(head));
    expect(Object.keys(tree(head))).toEqual(expect.arrayContaining(["stacks/prod/cdk.tf.json"]));
    expect(JSON.parse(tree(head)["stacks/prod/cdk.tf.json"])["//"]["etl-secrets"].exceptions).toHaveLength(1);

    const refused = await cli("synth", inventory, "--out", dirs.temp(), "--no-ledger", "--now", "2027-01-01");
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("exceptions[0].expires: the exception expired 1 day(s) ago");
  });
});

describe("etl-secrets review --now: exceptions added, removed, expiring", () => {
  it("lists an added exception in bold and passes while it holds", async () => {
    const result = await cli("review", base, head, "--now", "2026-06-01");

    expect(result.code).toBe(0);
    expect(result.out).toContain(
      "### Boundary exceptions\n\n" +
        "- **added** **`prod-landing-trusts-dev`: cross-environment-trust of `billing-mysql` (credential `landing`) in prod to `111111111111`, requested by orders-team, approved by security, expires 2026-12-31**\n" +
        "  - reason: dev's replay job reads the prod landing bucket until the migration ends\n",
    );
  });

  it("marks an exception expiring within 30 days, and a removed one, in bold", async () => {
    expect((await cli("review", base, head, "--now", "2026-12-02")).out).toContain("expires 2026-12-31** — **expires in 29 day(s)**\n");
    const removed = await cli("review", head, base, "--now", "2026-06-01");
    expect(removed.code).toBe(0);
    expect(removed.out).toContain("- **removed** **`prod-landing-trusts-dev`: cross-environment-trust");
  });

  it("fails when the head carries an expired exception", async () => {
    const result = await cli("review", head, head, "--now", "2027-01-01");

    expect(result.code).toBe(1);
    expect(result.out).toContain("**1 boundary exception(s) in the head have expired: this review fails.**");
    expect(result.out).toContain(
      "- **`prod-landing-trusts-dev`: cross-environment-trust of `billing-mysql` (credential `landing`) in prod to `111111111111`",
    );
    expect(result.out).toContain("expires 2026-12-31** — **expired 1 day(s) ago**\n");
    expect(result.err).toContain("review: 1 boundary exception(s) in the head have expired (today 2027-01-01)");
  });

  it("shows no exception section when neither side declares one", async () => {
    expect((await cli("review", base, base, "--now", "2026-06-01")).out).not.toContain("Boundary exceptions");
  });
});

describe("etl-secrets register: exceptions with their status", () => {
  it("lists who, what, boundary, approver, expiry and status as of --today", async () => {
    const md = await cli("register", inventory, "--today", "2026-12-02");
    expect(md.code).toBe(0);
    expect(md.out).toContain(
      "## Boundary exceptions\n\n| exception | boundary | who | what | requested by | approved by | expires | status |\n|---|---|---|---|---|---|---|---|\n" +
        "| `prod-landing-trusts-dev` | cross-environment-trust | `billing-mysql/landing` in prod | `111111111111` | orders-team | security | 2026-12-31 | **expiring** (29 day(s)) |\n",
    );

    const json = JSON.parse((await cli("register", inventory, "--today", "2027-01-01", "--format", "json")).out);
    expect(json.exceptions).toEqual([
      expect.objectContaining({
        id: "prod-landing-trusts-dev",
        approvedBy: "security",
        requestedBy: "orders-team",
        expires: "2026-12-31",
        status: "expired",
        daysLeft: -1,
      }),
    ]);
  });
});

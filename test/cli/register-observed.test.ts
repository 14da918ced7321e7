import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "../support/cli";

const ROOT = join(__dirname, "..", "..");
const GOLDEN = join(ROOT, "test", "fixtures", "register-golden");
const INPUTS: [string, string][] = [
  ["acme", "test/fixtures/inventories/acme.yaml"],
  ["realworld", "test/fixtures/inventories/realworld.yaml"],
  ["multi-env", "examples/multi-env/connectors.yaml"],
  ["compose-in-own-stack", "examples/compose-in-own-stack/connectors.yaml"],
];

describe("etl-secrets register without --observed", () => {
  // The golden files were written by the register command before --observed existed.
  it.each(
    INPUTS.flatMap(([name, file]) =>
      ["md", "json", "csv"].flatMap((format) => ["2026-06-30", "2030-01-01"].map((today) => [name, file, format, today])),
    ),
  )("%s %s --today %s: byte-identical to the output before --observed", async (name, file, format, today) => {
    const result = await cli("register", join(ROOT, file!), "--format", format!, "--today", today!);
    expect(result.code).toBe(0);
    expect(result.out).toBe(readFileSync(join(GOLDEN, `${name}.${today}.${format}`), "utf8"));
  });
});

describe("etl-secrets register --observed", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "register-observed-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const realworld = join(ROOT, "test/fixtures/inventories/realworld.yaml");
  const write = (name: string, body: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof body === "string" ? body : JSON.stringify(body));
    return path;
  };
  const finding = {
    kind: "rotation-overdue",
    store: "vault-kv",
    location: "kv/metadata/x",
    connector: "netsuite-erp",
    credential: "main",
    evidence: { source: "vault-kv-metadata", date: "2025-11-01T00:00:00Z" },
    detail: "last change 2025-11-01, period 90 days",
  };
  const good = { format: "etl-secrets-audit/1", environment: "prod", now: "2026-06-30", findings: [finding], unknown: [] };

  it("merges the report: json rows gain lastChange and the overdue-rotation flag", async () => {
    const result = await cli("register", realworld, "--format", "json", "--today", "2026-06-30", "--observed", write("good.json", good));
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.out).credentials as { connector: string; flags: string[]; lastChange: string[] }[];
    const row = rows.find((r) => r.connector === "netsuite-erp")!;
    expect(row.flags).toContain("overdue-rotation");
    expect(row.lastChange).toEqual(["prod 2025-11-01"]);
    expect(rows.every((r) => Array.isArray(r.lastChange))).toBe(true);
  });

  it.each([
    ["wrong schema", { ...good, format: "etl-secrets-audit/9" }, 'format must be "etl-secrets-audit/1"'],
    ["another environment", { ...good, environment: "staging" }, 'a report of environment "staging"'],
    ["another organization", { ...good, organization: "globex" }, 'a report of organization "globex"'],
    [
      "another inventory's connector",
      { ...good, findings: [{ ...finding, connector: "globex-crm" }] },
      "names a connector the inventory does not declare",
    ],
    ["not JSON", "{", "not JSON"],
  ])("exits 2 on a report of %s", async (_, body, message) => {
    const result = await cli("register", realworld, "--today", "2026-06-30", "--observed", write("bad.json", body));
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(result.out).toBe("");
  });

  it("exits 2 on two reports of one environment and on a missing file", async () => {
    const path = write("one.json", good);
    const twice = await cli("register", realworld, "--observed", path, "--observed", path);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('two reports of environment "prod"');
    const missing = await cli("register", realworld, "--observed", join(dir, "absent.json"));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("cannot read the file");
  });
});

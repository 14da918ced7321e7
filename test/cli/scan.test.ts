import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fingerprint } from "../../lib/analysis/scan";
import { run } from "../../lib/cli/main";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

const secretPassword = () => ["Zr8", "Kq2", "Vx7", "Lm4", "Pt9", "Wd3"].join("-");
const dbUri = (pw: string) => ["postgres", "://", "etl", ":", pw, "@", "orders-db.internal/orders"].join("");

describe("etl-secrets scan", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "cli-scan-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(["acme", "realworld"])(
    "finds nothing in the synthesized output of %s",
    async (name) => {
      const out = join(dir, `synth-${name}`);
      const synth = capture();
      expect(await run(["synth", `test/fixtures/inventories/${name}.yaml`, "--out", out], synth.io)).toBe(0);
      const scan = capture();
      const code = await run(["scan", out], scan.io);
      expect(scan.out).toEqual([]);
      expect(code).toBe(0);
      expect(scan.err.join("\n")).toMatch(/file\(s\) scanned: 0 finding\(s\)/);
    },
    60000,
  );

  it("exits 1 and prints masked findings, never the secret", async () => {
    const pw = secretPassword();
    const file = join(dir, "app.env");
    writeFileSync(file, `DATABASE_URL=${dbUri(pw)}\nDB_PASSWORD=${pw}\n`);
    const text = capture();
    expect(await run(["scan", file], text.io)).toBe(1);
    expect(text.out.join("\n")).toMatch(
      /app\.env:1:14 {2}@secretlint\/secretlint-rule-database-connection-string {2}PostgreSQLConnection {2}post\*\*\* \(\d+ chars\)/,
    );
    const json = capture();
    expect(await run(["scan", file, "--format", "json"], json.io)).toBe(1);
    const report = JSON.parse(json.out.join("\n"));
    expect(report.findings).toHaveLength(2);
    expect(report.findings[1]).toEqual(
      expect.objectContaining({ line: 2, column: 13, ruleId: "etl-secrets/secret-assignment", fingerprint: fingerprint(pw) }),
    );
    for (const output of [text, json]) expect([...output.out, ...output.err].join("\n")).not.toContain(pw.slice(0, 8));
  });

  it("accepts known fakes from --allowlist and exits 0", async () => {
    const pw = secretPassword();
    const file = join(dir, "fake.env");
    writeFileSync(file, `DB_PASSWORD=${pw}\n`);
    const allowlist = join(dir, "allow");
    writeFileSync(allowlist, `${fingerprint(pw)}  # fake used in the tutorial\n`);
    const io = capture();
    expect(await run(["scan", file, "--allowlist", allowlist], io.io)).toBe(0);
    expect(io.err.join("\n")).toMatch(/1 allowed by the allowlist/);
  });

  it("refuses an allowlist entry without a reason (exit 2)", async () => {
    const allowlist = join(dir, "allow-bad");
    writeFileSync(allowlist, `${"a".repeat(64)}\n`);
    const io = capture();
    expect(await run(["scan", dir, "--allowlist", allowlist], io.io)).toBe(2);
    expect(io.err.join("\n")).toMatch(/allow-bad:1: an allowlist entry needs a reason/);
  });

  it("reports a missing path, a named binary file and an unreadable file with exit 2 and no stack trace", async () => {
    const binary = join(dir, "blob.bin");
    writeFileSync(binary, Buffer.from([1, 0, 2]));
    const io = capture();
    expect(await run(["scan", join(dir, "nope"), binary], io.io)).toBe(2);
    const err = io.err.join("\n");
    expect(err).toContain(`error: ${join(dir, "nope")}: no such file or directory`);
    expect(err).toContain(`error: ${binary}: binary file (contains NUL bytes); not scanned`);
    expect(err).not.toMatch(/\n\s+at /);
    if (process.getuid?.() !== 0) {
      const locked = join(dir, "locked.txt");
      writeFileSync(locked, "x");
      chmodSync(locked, 0o000);
      const again = capture();
      expect(await run(["scan", locked], again.io)).toBe(2);
      expect(again.err.join("\n")).toContain("cannot read: EACCES");
    }
  });

  it("refuses an unknown format (exit 2)", async () => {
    const io = capture();
    expect(await run(["scan", dir, "--format", "xml"], io.io)).toBe(2);
    expect(io.err.join("\n")).toContain('--format must be text or json, got "xml"');
  });
});

import { fingerprint, parseAllowlist, scanTexts } from "../../../lib/analysis/scan";

const fakeToken = () => ["hv", "s.", "FAKE", "x".repeat(10), "Q7r2Lm9Zp4Kd8Vb3Nc6Ty1"].join("");

describe("allowlist", () => {
  it("parses sha256 and regex entries with reasons, skipping comments and blank lines", () => {
    const text = `# known fakes\n\nsha256:${"a".repeat(64)}  # README example\n${"B".repeat(64)} # upper-case hash\n/^hvs\\.FAKE/ # test tokens\n`;
    const { entries, errors } = parseAllowlist(text, ".etl-secrets-allowlist");
    expect(errors).toEqual([]);
    expect(entries.map((e) => [e.line, e.reason])).toEqual([
      [3, "README example"],
      [4, "upper-case hash"],
      [5, "test tokens"],
    ]);
    expect(entries[1].matches("anything", `sha256:${"b".repeat(64)}`)).toBe(true);
    expect(entries[2].matches("hvs.FAKEabc", "sha256:0")).toBe(true);
  });

  it("refuses an entry without a reason, a bad regex and an unknown shape, naming the line", () => {
    const { errors } = parseAllowlist(`${"a".repeat(64)}\n/([/ # broken\nnot-a-hash # why\n`, "allow");
    expect(errors).toEqual([
      expect.stringMatching(/^allow:1: an allowlist entry needs a reason/),
      expect.stringMatching(/^allow:2: not a valid regular expression/),
      expect.stringMatching(/^allow:3: expected a sha256/),
    ]);
  });

  it("moves allowed findings aside with their reason and reports entries that matched nothing", async () => {
    const token = fakeToken();
    const { entries } = parseAllowlist(`${fingerprint(token)} # fake in docs\n/^never$/ # stale\n`, "allow");
    const report = await scanTexts([{ path: "docs.md", content: `VAULT_TOKEN=${token}\n` }], { allowlist: entries });
    expect(report.findings).toEqual([]);
    expect(report.allowed).toEqual([
      expect.objectContaining({ file: "docs.md", ruleId: "etl-secrets/vault-token", reason: "fake in docs" }),
    ]);
    expect(report.unusedAllowlistEntries).toEqual(["line 2: /^never$/"]);
  });
});

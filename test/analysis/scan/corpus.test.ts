import { scanTexts, type ScanFinding } from "../../../lib/analysis/scan";
import { credentialSamples, decoys } from "./corpus";

describe("scan corpus", () => {
  const samples = credentialSamples();
  const fakes = decoys();
  let findings: ScanFinding[];

  beforeAll(async () => {
    const report = await scanTexts([...samples, ...fakes].map((entry) => ({ path: entry.name, content: entry.text })));
    findings = [...report.findings];
  }, 60000);

  it("has at least 50 samples and 50 decoys", () => {
    expect(samples.length).toBeGreaterThanOrEqual(50);
    expect(fakes.length).toBeGreaterThanOrEqual(50);
  });

  it("finds every credential sample", () => {
    const missed = samples.filter((sample) => !findings.some((f) => f.file === sample.name)).map((s) => s.name);
    expect(missed).toEqual([]);
  });

  it("names each sample with the rule that knows its kind", () => {
    const expected: [RegExp, RegExp][] = [
      [/vault-(service|batch|recovery|legacy)-token/, /^etl-secrets\/vault-token$/],
      [/approle-secret-id/, /^etl-secrets\/vault-approle-secret-id$/],
      [/\/\d+-(snowflake|snowsql)/, /^etl-secrets\/snowflake-credential$/],
      [/jdbc-mysql/, /^(etl-secrets\/jdbc-url-password|@secretlint\/secretlint-rule-database-connection-string)$/],
      [/jdbc-/, /^etl-secrets\/jdbc-url-password$/],
      [
        /-key\.pem|openssh-key|gcp-service-account|tunnel-key|pgp-key/,
        /^(etl-secrets\/private-key|@secretlint\/secretlint-rule-privatekey)$/,
      ],
      [/(postgres|postgresql|mysql|mongodb)-uri/, /^@secretlint\/secretlint-rule-database-connection-string$/],
      [/aws-(access|secret)-key/, /^@secretlint\/secretlint-rule-aws$/],
      [/generic-|netsuite|kafka-sasl/, /^etl-secrets\/secret-assignment$/],
    ];
    const wrong: string[] = [];
    for (const sample of samples) {
      const rule = expected.find(([name]) => name.test(sample.name))?.[1];
      if (!rule) continue;
      const rules = findings.filter((f) => f.file === sample.name).map((f) => f.ruleId);
      if (!rules.some((id) => rule.test(id))) wrong.push(`${sample.name}: ${rules.join(", ")}`);
    }
    expect(wrong).toEqual([]);
  });

  it("flags no decoy", () => {
    const flagged = findings
      .filter((f) => f.file.startsWith("decoys/"))
      .map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.messageId} ${f.excerpt}`);
    expect(flagged).toEqual([]);
  });

  it("never shows more than the first 4 characters of a matched value", () => {
    for (const finding of findings) {
      const sample = [...samples, ...fakes].find((s) => s.name === finding.file)!;
      expect(finding.excerpt).toMatch(/^[^*]{0,4}\*\*\* \(\d+ chars\)$/);
      // The first 12 characters of the matched value never appear in the excerpt.
      const line = sample.text.split("\n")[finding.line - 1];
      const secretStart = line.slice(finding.column - 1, finding.column - 1 + 12);
      expect(finding.excerpt).not.toContain(secretStart);
    }
  });
});

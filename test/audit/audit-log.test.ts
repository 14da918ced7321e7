import { accessesFromAuditLines, accessOfAuditLine } from "../../lib/audit/readers/audit-log";
import { openBaoAuditCorpus } from "../support/openbao-audit-corpus";

// Real OpenBao 2.7.2 audit lines (test/fixtures/openbao-audit, captured by tools/openbao-audit-corpus.ts).
const corpus = openBaoAuditCorpus();
const VALUE_PATHS = new Set([
  "kv/data/connectors/orders-postgres/main",
  "kv/data/connectors/stripe-api/main",
  "kv/data/connectors/legacy-ftp/main",
]);
const timeOf = (scenario: string, environment: string) =>
  corpus.filter((l) => l.scenario === scenario && l.environment === environment && l.entry.type === "response").at(-1)!.entry.time;

describe("value reads in the Vault audit log (real OpenBao lines)", () => {
  it("counts successful reads of the environment's value paths in its namespace only, latest per path", () => {
    const prod = accessesFromAuditLines(
      corpus.map((l) => l.text),
      { namespace: "etl/prod", valuePaths: VALUE_PATHS },
    );
    expect(prod).toEqual([
      { location: "kv/data/connectors/legacy-ftp/main", last: timeOf("quarantined-read", "prod"), source: "vault-audit-log" },
      { location: "kv/data/connectors/orders-postgres/main", last: timeOf("root-read", "prod"), source: "vault-audit-log" },
    ]);
    const staging = accessesFromAuditLines(
      corpus.map((l) => l.text),
      { namespace: "etl/staging/", valuePaths: VALUE_PATHS },
    );
    expect(staging.map((a) => [a.location, a.last])).toEqual([
      ["kv/data/connectors/legacy-ftp/main", timeOf("quarantined-read", "staging")],
      ["kv/data/connectors/orders-postgres/main", timeOf("normal-read", "staging")],
    ]);
  });

  it("never counts a denied read, a request line, a write, metadata, or another namespace", () => {
    for (const line of corpus) {
      const access = accessOfAuditLine(line.text, { namespace: "etl/prod", valuePaths: VALUE_PATHS });
      if (!access) continue;
      expect(line.environment).toBe("prod");
      expect(line.entry.type).toBe("response");
      expect(line.entry.error).toBeUndefined();
      expect(line.entry.request.operation).toBe("read");
      expect(["normal-read", "quarantined-read", "root-read"]).toContain(line.scenario);
    }
    expect(accessOfAuditLine("not json", { namespace: "", valuePaths: VALUE_PATHS })).toBeUndefined();
  });
});

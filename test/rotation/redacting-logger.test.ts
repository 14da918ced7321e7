import { MAXIMUM_ERROR_TEXT, RedactingLogger, describeError } from "../../lib/rotation/redacting-logger";

describe("RedactingLogger", () => {
  const secret = "s3cr3t-Pa55w0rd_with.more~chars";
  const lines: string[] = [];
  const logger = new RedactingLogger((line) => lines.push(line));
  logger.addSecret(secret);

  it.each([
    ["raw", secret],
    ["JSON-escaped", JSON.stringify(`"${secret}"`)],
    ["URL-encoded", encodeURIComponent(`:${secret}@`)],
    ["base64", Buffer.from(secret).toString("base64")],
    ["base64 at offset 1", Buffer.from(`x${secret}`).toString("base64")],
    ["base64 at offset 2", Buffer.from(`xy${secret}y`).toString("base64")],
    ["base64url", Buffer.from(`{"password":"${secret}"}`).toString("base64url")],
    ["hex", Buffer.from(secret).toString("hex")],
  ])("removes the %s spelling from messages and fields", (_name, spelling) => {
    lines.length = 0;
    logger.info(`connecting with ${spelling}`, { detail: spelling });
    expect(lines.join("")).not.toContain(spelling.slice(4, -4));
    expect(lines.join("")).toContain("[REDACTED]");
  });

  it("children share secrets with their parent", () => {
    lines.length = 0;
    const child = logger.child({ step: "setSecret" });
    child.addSecret("another-secret-value-123");
    logger.error("failed: another-secret-value-123");
    expect(lines.join("")).not.toContain("another-secret-value-123");
  });

  it("refuses secrets too short to redact safely", () => {
    expect(() => logger.addSecret("abc")).toThrow(/shorter than 4/);
  });

  describe("survives truncation", () => {
    // MySQL quotes at most 80 characters of a failed statement: `near '%-.80s' at line 1`.
    const hash = "*94BDCEBE19083CE2A1F959FD02F964C7AF4CFC29";
    const cutLogger = new RedactingLogger(() => undefined);
    cutLogger.addSecret(hash);

    it.each([4, 5, 9, 20, hash.length - 1])("removes the first %i characters of a secret cut off by the server", (kept) => {
      const statement = `ALTER USER 'u'@'%' IDENTIFIED BY PASSWORD '${hash}'`;
      const near = statement.slice(statement.indexOf(hash) - 20, statement.indexOf(hash) + kept);
      const text = cutLogger.redact(`You have an error in your SQL syntax; check the manual near '${near}' at line 1`);
      expect(text).not.toContain(hash.slice(0, kept));
      expect(text).toContain("[REDACTED]");
    });

    it("removes the last characters of a secret whose start was cut off, and a run inside the text", () => {
      expect(cutLogger.redact(`near '${hash.slice(-7)} and more'`)).not.toContain(hash.slice(-7));
      expect(cutLogger.redact(`x${hash.slice(10, 18)}y`)).not.toContain(hash.slice(10, 18));
    });

    it("leaves ordinary text alone", () => {
      const text = "connect ECONNREFUSED 127.0.0.1:5432 after 10000 ms";
      expect(cutLogger.redact(text)).toBe(text);
    });

    it("redacts before it cuts a long error, and never splits the redaction mark", () => {
      const long = `${"x".repeat(MAXIMUM_ERROR_TEXT - 8)}${hash}${"y".repeat(50)}`;
      const text = describeError(new Error(long), cutLogger);
      expect(text.length).toBeLessThanOrEqual(MAXIMUM_ERROR_TEXT + 10);
      expect(text).not.toMatch(/\[REDA(?!CTED\])/);
      for (let length = 4; length <= hash.length; length++) expect(text).not.toContain(hash.slice(0, length));
    });
  });
});

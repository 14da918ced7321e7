import { RedactingLogger } from "../../lib/rotation/redacting-logger";

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
});

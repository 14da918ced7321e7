import { createHash, createHmac, pbkdf2Sync } from "node:crypto";
import { mysqlNativePasswordHash, scramSha256Verifier } from "../../lib/rotation/password-verifiers";

describe("password verifiers", () => {
  it("computes MariaDB's mysql_native_password hash (known value of PASSWORD('password'))", () => {
    expect(mysqlNativePasswordHash("password")).toBe("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");
  });

  it("computes a SCRAM-SHA-256 verifier a server can check a client proof against", () => {
    const salt = Buffer.from("0123456789abcdef");
    const verifier = scramSha256Verifier("pencil-Pencil.123", salt, 4096);
    const [, iterationsAndSalt, keys] = /^SCRAM-SHA-256\$(.+)\$(.+)$/.exec(verifier)!;
    expect(iterationsAndSalt).toBe(`4096:${salt.toString("base64")}`);
    const [storedKey] = keys.split(":");
    const salted = pbkdf2Sync("pencil-Pencil.123", salt, 4096, 32, "sha256");
    const clientKey = createHmac("sha256", salted).update("Client Key").digest();
    expect(createHash("sha256").update(clientKey).digest("base64")).toBe(storedKey);
  });

  it("refuses passwords SASLprep might change", () => {
    expect(() => scramSha256Verifier("pässword-with-umlaut")).toThrow(/printable ASCII/);
  });
});

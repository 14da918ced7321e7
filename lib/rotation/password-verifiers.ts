import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";

/** PostgreSQL's default SCRAM iteration count (scram_iterations). */
const SCRAM_ITERATIONS = 4096;
const SCRAM_SALT_BYTES = 16;

/**
 * A PostgreSQL SCRAM-SHA-256 verifier (RFC 5802/7677, as pg_authid stores it), computed here so
 * the plaintext password never reaches the server or its logs. SASLprep is the identity for printable
 * ASCII; anything else is refused rather than normalised differently from the server.
 */
export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(SCRAM_SALT_BYTES), iterations = SCRAM_ITERATIONS): string {
  if (!/^[\x21-\x7e]+$/.test(password)) throw new Error("SCRAM verifiers are only computed for printable ASCII passwords");
  const saltedPassword = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", saltedPassword).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", saltedPassword).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

/**
 * MariaDB's mysql_native_password hash (`*` + SHA1(SHA1(password)) in upper hex), so
 * `IDENTIFIED BY PASSWORD` never sends the plaintext.
 */
export function mysqlNativePasswordHash(password: string): string {
  const inner = createHash("sha1").update(password, "utf8").digest();
  return `*${createHash("sha1").update(inner).digest("hex").toUpperCase()}`;
}

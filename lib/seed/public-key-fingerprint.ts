import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { SeedError } from "./errors";

/** Where the fingerprint is recorded: a KV custom metadata key (Vault) or a secret tag (AWS). */
export const PUBLIC_KEY_FINGERPRINT_KEY = "public-key-sha256";

/**
 * `SHA256:<base64>` of the public key's DER SubjectPublicKeyInfo: the form Snowflake shows as
 * RSA_PUBLIC_KEY_FP and `ssh-keygen -l` style tools print, so an owner can compare what the
 * service holds with what was seeded without anyone reading the private key.
 */
export function publicKeyFingerprint(publicKey: KeyObject): string {
  return `SHA256:${createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("base64")}`;
}

/**
 * The fingerprint of a seeded key pair, computed from the private key (PEM, optionally encrypted
 * with `passphrase`). A `publicKey` given beside it must be the same key's. Errors name the field,
 * never the key or the parser's message (which may quote it).
 */
export function keyPairFingerprint(where: string, privateKey: string, passphrase?: string, publicKey?: string): string {
  let derived: KeyObject;
  try {
    derived = createPublicKey(
      createPrivateKey(passphrase ? { key: privateKey, format: "pem", passphrase } : { key: privateKey, format: "pem" }),
    );
  } catch {
    throw new SeedError(
      `${where}: "privateKey" is not a PEM private key${passphrase ? " that the passphrase opens" : ' (or it is encrypted: add "passphrase")'}`,
      "usage",
    );
  }
  const fingerprint = publicKeyFingerprint(derived);
  if (publicKey !== undefined) {
    let given: KeyObject;
    try {
      given = createPublicKey(publicKey);
    } catch {
      throw new SeedError(`${where}: "publicKey" is not a PEM public key`, "usage");
    }
    if (publicKeyFingerprint(given) !== fingerprint) throw new SeedError(`${where}: "publicKey" does not belong to "privateKey"`, "usage");
  }
  return fingerprint;
}

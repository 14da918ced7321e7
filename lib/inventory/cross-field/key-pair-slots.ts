import { asNumber, asRecord, asString, type RuleContext } from "./raw-view";

/**
 * A key pair rotated by a key broker with one public-key slot: the new key replaces the only
 * registered one, so consumers still holding the old private key fail until they read the new one.
 */
export function checkKeyPairSlots(ctx: RuleContext): void {
  for (const connector of ctx.connectors) {
    for (const credential of connector.credentials) {
      if (credential.type !== "key-pair") continue;
      const rotation = asRecord(credential.value.rotation);
      if (asNumber(rotation?.slots) !== 1 || asString(rotation?.endpoint) === undefined) continue;
      ctx.report(
        [...credential.path, "rotation", "slots"],
        "single-slot-key-pair",
        "is 1 with a key-broker endpoint: each rotation replaces the only registered public key, so consumers still holding the old private key fail until they read the new one; " +
          "use slots: 2 (the new key goes to the free slot, is verified, then the old one is removed)",
        "warning",
      );
    }
  }
}

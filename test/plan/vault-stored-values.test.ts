import fc from "fast-check";
import { storedListItem } from "../../lib/plan/vault-stored-values";
import { propertyRuns } from "../support/property-runs";

const PEM = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----";

describe("values as the Vault API stores them", () => {
  it("drops the newline a PEM key ends with, as the server does for jwt_validation_pubkeys", () => {
    expect(storedListItem(`${PEM}\n`)).toBe(PEM);
    expect(storedListItem(`${PEM}\r\n\n`)).toBe(PEM);
    expect(storedListItem(`  ${PEM}`)).toBe(PEM);
  });

  it("keeps the newlines inside the key", () => {
    expect(storedListItem(`${PEM}\n`).split("\n")).toHaveLength(3);
  });

  it("is what the server returns for any text: no surrounding whitespace, stable on a second pass, inner text kept", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.stringOf(fc.constantFrom(" ", "\n", "\t", "\r")),
        fc.stringOf(fc.constantFrom(" ", "\n", "\t", "\r")),
        (text, before, after) => {
          const stored = storedListItem(`${before}${text}${after}`);
          expect(stored).toBe(stored.trim());
          expect(storedListItem(stored)).toBe(stored);
          expect(`${before}${text}${after}`).toContain(stored);
        },
      ),
      { numRuns: propertyRuns(100) },
    );
  });
});

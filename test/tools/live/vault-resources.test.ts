/**
 * The live applier's comparison (tools/live/vault-resources.ts), which stands in for the
 * hashicorp/vault provider in CI: it must see a difference wherever the provider's plan does.
 */
import { differences, sameValue } from "../../../tools/live/vault-resources";

const PEM = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----";

describe("live applier comparison", () => {
  it("reports a PEM key ending with a newline as different from the trimmed key the server returns, as the provider's plan does", () => {
    expect(sameValue([`${PEM}\n`], [PEM], "jwt_validation_pubkeys")).toBe(false);
    expect(
      differences({ jwt_validation_pubkeys: [`${PEM}\n`], bound_issuer: "x" }, { jwt_validation_pubkeys: [PEM], bound_issuer: "x" }),
    ).toEqual(["jwt_validation_pubkeys"]);
  });

  it("sees no difference once the key is set as the server stores it", () => {
    expect(differences({ jwt_validation_pubkeys: [PEM] }, { jwt_validation_pubkeys: [PEM] })).toEqual([]);
  });

  it("keeps the conversions the provider also makes (durations, a /32 CIDR, comma-separated lists)", () => {
    expect(sameValue("1h", 3600, "token_ttl")).toBe(true);
    expect(sameValue(["127.0.0.1/32"], ["127.0.0.1"], "token_bound_cidrs")).toBe(true);
    expect(sameValue(["a", "b"], "b,a", "allowed_roles")).toBe(true);
  });
});

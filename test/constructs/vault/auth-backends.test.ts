import { environment, fixtureDocument, inventoryFrom, synthVault, type Doc } from "./support";

/** A PEM public key as a key file or a YAML block scalar gives it: ending with a newline. */
const KEY_FILE_TEXT = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n";

describe("AuthBackends: values the server stores unchanged (real-provider round trip)", () => {
  it("sets JWT validation keys without the trailing newline the server trims, so the second plan is empty", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.connectors
      .find((c: Doc) => c.id === "stripe-api")
      .consumers.push({
        id: "gha-sync",
        auth: { method: "jwt", issuer: "https://ci.acme.example", subject: "repo:acme/x:ref:refs/heads/main", audience: "vault" },
      });
    doc.environments.find((e: Doc) => e.name === "prod").vault.auth = {
      jwt: [{ issuer: "https://ci.acme.example", publicKeys: [KEY_FILE_TEXT, `\n${KEY_FILE_TEXT}`] }],
    };
    const synthesized = synthVault(environment(inventoryFrom(doc), "prod"));
    const backends = Object.values(synthesized.resources("vault_jwt_auth_backend"));
    expect(backends.map((b) => b.jwt_validation_pubkeys)).toEqual([[KEY_FILE_TEXT.trimEnd(), KEY_FILE_TEXT.trimEnd()]]);
  });
});

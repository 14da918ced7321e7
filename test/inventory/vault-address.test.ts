import fc from "fast-check";
import { vaultClusterIdentity } from "../../lib/inventory/vault-address";
import { stackNames, vaultClusterKey } from "../../lib/plan/names";
import { vaultCluster } from "../../lib/intent/ids";
import { propertyRuns } from "../support/property-runs";

describe("vaultClusterIdentity: one identity per Vault cluster", () => {
  it.each([
    "https://vault.acme.example",
    "https://vault.acme.example/",
    "https://VAULT.acme.example",
    "https://Vault.Acme.Example:8200",
    "https://vault.acme.example:8200/",
    "https://vault.acme.example:443",
    "https://vault.acme.example.",
    "https://vault.acme.example.:8200/",
    "https://ops@vault.acme.example:8200",
    "https://%76ault.acme.example",
  ])("reads %s as the cluster vault.acme.example", (address) => {
    expect(vaultClusterIdentity(address)?.key).toBe("vault.acme.example");
  });

  it("keeps a port that is not a default one, so :8443 is another cluster", () => {
    expect(vaultClusterIdentity("https://vault.acme.example:8443")?.key).toBe("vault.acme.example:8443");
    expect(vaultClusterIdentity("https://VAULT.acme.example:8443/")?.key).toBe("vault.acme.example:8443");
  });

  it("writes an internationalized host in its ASCII form, so its Unicode and punycode spellings are one cluster", () => {
    expect(vaultClusterIdentity("https://vault.bücher.example")?.key).toBe("vault.xn--bcher-kva.example");
    expect(vaultClusterIdentity("https://vault.xn--bcher-kva.example:8200")?.key).toBe("vault.xn--bcher-kva.example");
  });

  it("writes loopback addresses out, with http's default port and 8200 as one", () => {
    expect(vaultClusterIdentity("http://127.1:8200")?.key).toBe("127.0.0.1");
    expect(vaultClusterIdentity("http://127.0.0.1")?.key).toBe("127.0.0.1");
    expect(vaultClusterIdentity("http://[::1]:8300")?.key).toBe("[::1]:8300");
  });

  it("has no identity for text that is not a URL", () => {
    expect(vaultClusterIdentity("vault.acme.example")).toBeUndefined();
  });

  it("is what the plan, the stack name and the analysis use, so they never disagree", () => {
    for (const address of ["https://VAULT.acme.example", "https://vault.acme.example:8200", "https://vault.acme.example.:443/"]) {
      expect(vaultClusterKey(address)).toBe("vault.acme.example");
      expect(vaultCluster(address)).toBe("vault.acme.example");
      expect(stackNames.vaultCluster(address)).toBe("vault-acme-example");
    }
  });

  it("never changes an existing cluster stack name", () => {
    expect(stackNames.vaultCluster("https://vault.acme.example:8200")).toBe("vault-acme-example");
    expect(stackNames.vaultCluster("https://vault.dev.acme.example:8200")).toBe("vault-dev-acme-example");
    expect(stackNames.vaultCluster("https://vault.acme.example:8443")).toBe("vault-acme-example-8443");
  });

  it("gives every case, default-port, trailing-dot and trailing-slash spelling of a host one identity", () => {
    // Labels with "--" in their third and fourth characters are IDNA labels ("xn--0" is invalid
    // punycode, which URL parsing refuses): another test covers those.
    const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/).filter((text) => text.slice(2, 4) !== "--");
    fc.assert(
      fc.property(
        fc.array(label, { minLength: 2, maxLength: 4 }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        fc.constantFrom("", ":443", ":8200"),
        fc.boolean(),
        fc.boolean(),
        (labels, upper, port, dot, slash) => {
          const host = labels.join(".");
          const spelled = [...host].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c)).join("");
          const address = `https://${spelled}${dot ? "." : ""}${port}${slash ? "/" : ""}`;
          expect(vaultClusterIdentity(address)?.key).toBe(host);
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });
});

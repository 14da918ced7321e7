import fc from "fast-check";
import { validateDocument } from "../../../lib/inventory";
import { inventoryWith } from "../../support/inventory/base-inventory";
import { propertyRuns } from "../../support/property-runs";

/*
 * Production lives on https://vault.acme.example:8200 in namespace etl/prod (base inventory). A
 * non-production environment that spells that cluster any other way (case, default port, trailing
 * dot or slash, percent-encoded letters) and declares production's namespace is always refused.
 */
describe("lookalike Vault addresses (property): every spelling of production's cluster is production's cluster", () => {
  it("refuses production's namespace under any spelling of its address", () => {
    const host = "vault.acme.example";
    const spelling = fc.record({
      upper: fc.array(fc.boolean(), { minLength: host.length, maxLength: host.length }),
      encoded: fc.array(fc.boolean(), { minLength: host.length, maxLength: host.length }),
      port: fc.constantFrom("", ":443", ":8200"),
      dot: fc.boolean(),
      slash: fc.boolean(),
    });
    fc.assert(
      fc.property(spelling, ({ upper, encoded, port, dot, slash }) => {
        const spelled = [...host]
          .map((c, i) => (encoded[i] && /[a-z]/.test(c) ? `%${c.charCodeAt(0).toString(16)}` : upper[i] ? c.toUpperCase() : c))
          .join("");
        const address = `https://${spelled}${dot ? "." : ""}${port}${slash ? "/" : ""}`;
        const doc = inventoryWith((d) => {
          d.environments.push({
            name: "staging",
            tier: "non-production",
            stores: ["vault"],
            vault: { address, edition: "enterprise", isolation: "namespace", namespace: "etl/prod" },
          });
        });
        const errors = validateDocument(doc).issues.filter((issue) => issue.severity === "error");
        // A percent-encoded host is refused as an address outright; every other spelling is
        // production's cluster, so its namespace is taken.
        const atAddress = errors.filter((issue) => issue.path.join(".") === "environments.2.vault.address");
        const elsewhere = errors.filter((issue) => issue.path.join(".") !== "environments.2.vault.address");
        expect(elsewhere.map((issue) => [issue.code, issue.path.join(".")])).toEqual([["duplicate-id", "environments.2.vault.namespace"]]);
        const percentEncoded = encoded.some((on, i) => on && /[a-z]/.test(host[i]));
        expect(atAddress.map((issue) => issue.code).includes("invalid-format")).toBe(percentEncoded);
      }),
      { numRuns: propertyRuns(200), seed: 20261203 },
    );
  });
});

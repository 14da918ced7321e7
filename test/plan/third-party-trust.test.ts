import { planInventory } from "../../lib/plan/inventory-plan";
import { validateDocument } from "../../lib/inventory";
import { fixtureDocument } from "../support/inventories";

function prodPlan(change: (doc: any) => void) {
  const doc = fixtureDocument("realworld.yaml");
  change(doc);
  const result = validateDocument(doc);
  if (!result.inventory) throw new Error(`invalid: ${JSON.stringify(result.issues.slice(0, 3))}`);
  return planInventory(result.inventory).environments.find((e) => e.name === "prod")!.aws!;
}

describe("a third party's trust asks for its external id", () => {
  it("a consumer role trusting a third-party account carries the consumer's external id", () => {
    const aws = prodPlan((doc) => {
      const vendor = doc.connectors.find((c: any) => c.consumers?.some((k: any) => k.id === "vendor-etl"));
      vendor.consumers[0].auth = {
        method: "aws-iam",
        roleName: "vendor-etl",
        trustedAccount: "999999999999",
        externalId: "vendor-issued-id",
      };
    });

    const role = aws.consumerRoles.find((r) => r.consumerId === "vendor-etl")!;
    expect(role.trust).toEqual({ kind: "account", accountId: "999999999999", externalId: "vendor-issued-id" });
  });

  it("a cloud role trusted by the third party keeps the credential's external id when the consumer gives none (realworld.yaml unchanged)", () => {
    const aws = prodPlan(() => undefined);

    const trusts = aws.cloudRoles.flatMap((role) => role.trusts).filter((t) => t.kind === "account" && t.accountId === "999999999999");
    expect(trusts).toEqual([{ kind: "account", accountId: "999999999999", externalId: "acme-landing-7f3k" }]);
  });
});

import { runOwnRules } from "../../../lib/analysis/scan/scan";

describe("secret-assignment rule", () => {
  it("leaves a name that maps to itself alone (cdktf's index of a stack's outputs), and still finds a value", () => {
    const index =
      '{ "//": { "outputs": { "prod": { "outputs": { "secret_arn__hubspot-api__main": "secret_arn__hubspot-api__main" } } } } }';
    expect(runOwnRules(index).filter((m) => m.ruleId === "etl-secrets/secret-assignment")).toEqual([]);
    const leaked = '{ "secret_arn__hubspot-api__main": "Zx9kQ2mLp4Rt7Vw1qB8n" }';
    expect(runOwnRules(leaked).map((m) => m.ruleId)).toContain("etl-secrets/secret-assignment");
  });
});

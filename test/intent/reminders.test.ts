import { buildIntentManifest } from "../../lib/intent";
import { planInventory } from "../../lib/plan/inventory-plan";
import { fixtureInventory } from "../support/inventories";

describe("intent: the reminder checker", () => {
  const acme = buildIntentManifest(planInventory(fixtureInventory("acme.yaml")));
  const realworld = buildIntentManifest(planInventory(fixtureInventory("realworld.yaml")));
  const checker = (manifest: typeof acme, environment: string, store: "vault" | "aws") =>
    manifest.environments
      .find((e) => e.name === environment)!
      .principals.filter((p) => store === p.store && (p.name === "reminders" || p.name.endsWith("-rotate-reminders")));

  it("logs in to Vault as <env>-reminders and is granted only read on each reminder credential's KV metadata", () => {
    const [login] = checker(acme, "prod", "vault");
    expect(login.id).toBe("vault:vault.acme.example/etl/prod/auth/aws/role/prod-reminders");
    expect(login.grants.map((g) => `${g.resource.replace("vault:vault.acme.example/etl/prod/", "")} ${g.actions.join(",")}`)).toEqual([
      "kv/metadata/connectors/legacy-ftp/main read",
      "kv/metadata/connectors/stripe-api/main read",
    ]);
  });

  it("its IAM role is granted ListSecretVersionIds (dates) on exactly the Secrets Manager reminder credentials, nothing that reads a value", () => {
    const [role] = checker(realworld, "prod", "aws");
    expect(role.id).toBe("arn:aws:iam::222222222222:role/acme-data-prod-rotate-reminders");
    expect(role.grants.map((g) => [g.credentialId, g.actions])).toEqual([
      ["google-ads/developer-token", ["secretsmanager:ListSecretVersionIds"]],
      ["google-ads/oauth", ["secretsmanager:ListSecretVersionIds"]],
    ]);
  });

  it("the Vault-only test environment has no checker", () => {
    expect(checker(acme, "test", "vault")).toEqual([]);
  });
});

import { planEnvironment } from "../../lib/plan/environment-plan";
import { breakGlassMfaProcedure } from "../../lib/runbook/break-glass";
import { renderRunbook } from "../../lib/runbook";
import { loadInventory } from "../../lib/inventory/load";
import { validateDocument } from "../../lib/inventory/validate";
import { fixtureDocument } from "../support/inventories";

const acme = loadInventory("test/fixtures/inventories/acme.yaml");
const env = (name: string, inventory = acme) =>
  planEnvironment(
    inventory,
    inventory.environments.find((e) => e.name === name)!,
  );

describe("the break-glass MFA procedure", () => {
  it("is written for a production Vault environment: enrol, log in, lost device, audit signal, with synth's names", () => {
    const text = breakGlassMfaProcedure(env("prod")).join("\n");
    expect(text).toContain("### prod");
    expect(text).toContain("`VAULT_ADDR=https://vault.acme.example:8200 VAULT_NAMESPACE=etl/prod`");
    expect(text).toContain("enforcements `prod-break-glass-login-mfa`, `prod-operators-login-mfa`");
    expect(text).toContain("challenges members of `prod-break-glass` and `prod-operators`.");
    expect(text).toContain("identity/mfa/method/totp/admin-generate method_id=<method_id> entity_id=<entity_id>");
    expect(text).toContain('vault login -method=<method> -mfa "<method_id>:<code>"');
    expect(text).toContain("identity/mfa/method/totp/admin-destroy");
    expect(text).toContain("a second person confirms the holder's identity");
    expect(text).toContain("`sys/mfa/validate`");
    expect(text).toContain("never challenged");
  });

  it("names the declared human login methods", () => {
    const doc = fixtureDocument("acme.yaml");
    doc.environments[3].humans = { loginMethods: ["oidc"] };
    const inventory = validateDocument(doc).inventory!;
    expect(breakGlassMfaProcedure(env("prod", inventory)).join("\n")).toContain("and every login through `oidc`.");
  });

  it("is empty where synth gives people no access (non-production)", () => {
    for (const name of ["dev", "test", "staging"]) expect(breakGlassMfaProcedure(env(name))).toEqual([]);
  });

  it("is part of the runbook of a connector in production, once, and absent from one that is not", () => {
    const text = renderRunbook(acme, "orders-postgres");
    expect(text.match(/## Break-glass MFA procedure/g)).toHaveLength(1);
    expect(text.indexOf("## Break-glass MFA procedure")).toBeGreaterThan(text.indexOf("## 4. Check after"));
    const doc = fixtureDocument("acme.yaml");
    doc.connectors[0].environments = { dev: doc.connectors[0].environments.dev };
    const devOnly = validateDocument(doc).inventory!;
    expect(renderRunbook(devOnly, "orders-postgres")).not.toContain("Break-glass MFA procedure");
  });

  it("tells gdpr connectors' responders the 72-hour notification deadline, and no one else", () => {
    const gdpr = acme.connectors.find((c) => c.regulations.includes("gdpr"))!;
    expect(renderRunbook(acme, gdpr.id)).toContain(
      "- Notify (gdpr): the supervisory authority within 72 hours of becoming aware of a personal data breach (Regulation (EU) 2016/679 (GDPR) Art. 33(1))",
    );
    expect(renderRunbook(acme, "orders-postgres")).not.toContain("Notify (");
  });
});

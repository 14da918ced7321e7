/*
 * Construct validations that remain (issue 16 part 5): only what the plan cannot know, how the
 * constructs were wired together. Each message names the node path and the spec path.
 */
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { VaultBrokerRotation } from "../../lib/constructs/aws/vault-broker-rotation";
import { constructErrorMessage, credentialPath, environmentPath, failAtSynth } from "../../lib/constructs/construct-errors";
import type { AuthBackends } from "../../lib/constructs/vault/auth-backends";
import { OrchestratorAccess } from "../../lib/constructs/vault/orchestrator-access";
import { RemindersLogin } from "../../lib/constructs/vault/reminders-login";
import { RotationWatchLogin } from "../../lib/constructs/vault/rotation-watch-login";
import { VaultBrokerLogin } from "../../lib/constructs/vault/vault-broker-login";
import { planReminders } from "../../lib/plan/reminder-plan";
import { planVaultStaticWatch } from "../../lib/plan/vault-static-watch";
import { planInventory } from "../../lib/plan/inventory-plan";
import { loadInventory } from "../../lib/inventory/load";
import { environmentPlan, fixturePlan } from "./aws/support";
import { join } from "node:path";

/** Auth backends without any mount: what a caller that forgot to create them would pass. */
const NO_AUTH = { awsIam: undefined, approle: undefined, kubernetes: new Map(), jwt: new Map() } as unknown as AuthBackends;

function stack(): TerraformStack {
  return new TerraformStack(Testing.app(), "test");
}

describe("construct errors", () => {
  it("name the node path and the spec path, in validation's path format", () => {
    const scope = new Construct(stack(), "scope");
    expect(constructErrorMessage(scope, credentialPath("orders-db", "main", "statements"), "is wrong")).toBe(
      "test/scope: connectors.orders-db.credentials.main.statements: is wrong",
    );
    expect(constructErrorMessage(scope, environmentPath("dev", "vault"), "is wrong")).toBe("test/scope: environments.dev.vault: is wrong");
  });

  it("adds no validation when there is nothing to report", () => {
    const s = stack();
    failAtSynth(new Construct(s, "scope"), []);
    expect(() => Testing.synth(s, true)).not.toThrow();
  });

  describe("wiring the plan cannot know (realworld dev: Vault-stored broker credentials)", () => {
    const dev = environmentPlan(fixturePlan("realworld.yaml"), "dev");

    it("fails the broker schedules when the key-broker rotation function was not created", () => {
      // GIVEN an environment whose Vault-stored broker credentials rotate, WHEN no function is passed
      const s = stack();
      expect(dev.aws?.vaultBrokerRotation).toBeDefined();
      new VaultBrokerRotation(s, "vault-broker-rotation", { plan: dev });
      // THEN synth fails at the construct, naming the environment
      expect(() => Testing.synth(s, true)).toThrow(
        "test/vault-broker-rotation: environments.dev: Vault-stored broker credentials need the key-broker rotation function, which was not created",
      );
    });

    it("fails the key-broker login without the AWS auth backend", () => {
      const s = stack();
      new VaultBrokerLogin(s, "key-broker-login", { plan: dev, auth: NO_AUTH });
      expect(() => Testing.synth(s, true)).toThrow(
        "test/key-broker-login: environments.dev.vault: the key-broker rotation login needs the AWS auth backend and the dev-rotation policy",
      );
    });

    it("fails the static-role watcher's login without the AWS auth backend", () => {
      // acme with billing-mysql's password kept in Vault, rotated by a database static role
      const inventory = fixturePlan("acme.yaml", (doc) => {
        const billing = doc.connectors.find((c: { id: string }) => c.id === "billing-mysql");
        billing.store = "vault";
        billing.credential.database.username = "billing_etl";
        billing.consumers[0].auth = { method: "approle", cidrs: ["10.20.0.0/16"] };
      });
      const plan = inventory.environments.find((e) => planVaultStaticWatch(e) !== undefined);
      if (!plan) throw new Error("acme.yaml with a static role has no environment with a static-role watcher");
      const s = stack();
      new RotationWatchLogin(s, "rotation-watch-login", { plan, auth: NO_AUTH });
      expect(() => Testing.synth(s, true)).toThrow(
        `test/rotation-watch-login: environments.${plan.name}.vault: the static-role watcher's login needs the AWS auth backend`,
      );
    });

    it("fails the reminder checker's login without the AWS auth backend", () => {
      const plan = [...fixturePlan("realworld.yaml").environments, ...fixturePlan("acme.yaml").environments].find(
        (e) => planReminders(e)?.vault !== undefined,
      );
      if (!plan) throw new Error("no fixture environment reminds a Vault-stored credential");
      const s = stack();
      new RemindersLogin(s, "reminders-login", { plan, auth: NO_AUTH });
      expect(() => Testing.synth(s, true)).toThrow(
        `test/reminders-login: environments.${plan.name}.vault: the reminder checker's login needs the AWS auth backend`,
      );
    });
  });

  it("fails a trusted orchestrator whose auth backend was not created (examples/multi-env)", () => {
    // GIVEN an environment with an orchestrator, WHEN its access is rendered without auth backends
    const plans = planInventory(loadInventory(join(__dirname, "..", "..", "examples", "multi-env", "connectors.yaml")));
    const plan = plans.environments.find((e) => (e.orchestrators ?? []).length > 0);
    if (!plan) throw new Error("examples/multi-env has no orchestrator");
    const orchestrator = plan.orchestrators![0];
    const s = stack();
    new OrchestratorAccess(s, "orchestrator", { plan, orchestrator, auth: NO_AUTH });
    // THEN synth fails at the construct, naming the orchestrator's auth in the spec
    expect(() => Testing.synth(s, true)).toThrow(
      `test/orchestrator: orchestrators.${orchestrator.id}.auth: no ${orchestrator.auth.method} auth backend in ${plan.name}`,
    );
  });
});

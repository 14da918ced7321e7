/*
 * The EventBridge limits the constructs check at synth (issue 16 part 5): what only the rendered rule
 * inputs and rule counts reach, so the plan cannot refuse it. The plan spreads every input over parts
 * at 60% of EventBridge's 8,192 characters, so no real inventory comes near the limits; here the
 * limits are lowered (the plan module's constants, replaced in a fresh module registry) until the
 * rendered inputs exceed them, and each check must fail synth with the node path and the spec path.
 */
import type { Inventory } from "../../../lib/inventory/model";

type Doc = any;
type Limits = { readonly EVENTBRIDGE_INPUT_MAX_CHARS?: number; readonly EVENTBRIDGE_RULES_PER_BUS?: number };

/** Synthesizes the fixture with the given limits; returns the error synth throws (or undefined). */
function synthWithLimits(limits: Limits, inventoryOf: () => Inventory): string | undefined {
  let message: string | undefined;
  jest.isolateModules(() => {
    jest.doMock("../../../lib/plan/vault-broker-rotation", () => ({
      ...jest.requireActual("../../../lib/plan/vault-broker-rotation"),
      ...limits,
    }));
    const { synthFiles } = require("../../support/synth") as typeof import("../../support/synth");
    try {
      synthFiles(inventoryOf());
    } catch (error) {
      message = (error as Error).message;
    }
  });
  jest.dontMock("../../../lib/plan/vault-broker-rotation");
  return message;
}

/** realworld: dev's Vault-stored broker credentials rotate on EventBridge schedules. */
function realworld(): Inventory {
  const { fixtureInventory } = require("../../support/inventories") as typeof import("../../support/inventories");
  return fixtureInventory("realworld.yaml");
}

/** acme with billing-mysql's password in Vault, rotated by a database static role: dev has watch and reminder rules. */
function acmeWithStaticRole(): Inventory {
  const { fixtureDocument } = require("../../support/inventories") as typeof import("../../support/inventories");
  const { validateDocument } = require("../../../lib/inventory/validate") as typeof import("../../../lib/inventory/validate");
  const doc = fixtureDocument("acme.yaml");
  const billing = doc.connectors.find((c: Doc) => c.id === "billing-mysql");
  billing.store = "vault";
  billing.credential.database.username = "billing_etl";
  billing.consumers[0].auth = { method: "approle", cidrs: ["10.20.0.0/16"] };
  const result = validateDocument(doc);
  if (!result.inventory) throw new Error("invalid fixture change");
  return result.inventory;
}

describe("EventBridge limits checked at synth", () => {
  it("the fixtures synthesize within the real limits (the checks below fail only because the limits are lowered)", () => {
    expect(synthWithLimits({}, realworld)).toBeUndefined();
    expect(synthWithLimits({}, acmeWithStaticRole)).toBeUndefined();
  }, 120_000);

  it("refuses a broker schedule whose input is over the input limit, naming the node and the environment", () => {
    const message = synthWithLimits({ EVENTBRIDGE_INPUT_MAX_CHARS: 40 }, realworld);
    expect(message).toMatch(
      /[\w/-]*vault-broker-rotation: environments\.dev: schedule [\w-]+: its input is \d+ characters, over EventBridge's 40/,
    );
  }, 120_000);

  it("refuses static-role watch and reminder rules whose input templates are over the input limit", () => {
    const message = synthWithLimits({ EVENTBRIDGE_INPUT_MAX_CHARS: 40 }, acmeWithStaticRole);
    expect(message).toMatch(
      /dev\/aws\/vault-static-watch: environments\.dev: rule acme-data-dev-vault-rotation-watch-\d+: its input template is \d+ characters, over EventBridge's 40/,
    );
    expect(message).toMatch(
      /dev\/aws\/rotation-reminders: environments\.dev: rule acme-data-dev-rotation-reminders-\d+: its input template is \d+ characters, over EventBridge's 40/,
    );
  }, 120_000);

  it("refuses more schedule, watch and reminder rules than a bus holds", () => {
    expect(synthWithLimits({ EVENTBRIDGE_RULES_PER_BUS: 0 }, realworld)).toMatch(
      /[\w/-]*vault-broker-rotation: environments\.dev: \d+ schedule rules exceed EventBridge's 0 rules per bus; use fewer distinct rotation periods/,
    );
    const acme = synthWithLimits({ EVENTBRIDGE_RULES_PER_BUS: 0 }, acmeWithStaticRole);
    expect(acme).toMatch(/dev\/aws\/vault-static-watch: environments\.dev: \d+ watch rules exceed EventBridge's 0 rules per bus/);
    expect(acme).toMatch(/dev\/aws\/rotation-reminders: environments\.dev: \d+ reminder rules exceed EventBridge's 0 rules per bus/);
  }, 120_000);
});

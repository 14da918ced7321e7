import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import * as cdktfResolve from "cdktf/lib/tokens/private/resolve";
import { STACK_INTENT_FORMAT, STACK_INTENT_KEY } from "../../lib/analysis/intent/stack-fragment";
import { attachEnvironmentIntent } from "../../lib/constructs/intent-metadata";
import { EtlStack } from "../../lib/constructs/stacks/etl-stack";
import { planInventory } from "../../lib/plan/inventory-plan";
import { inventoryOf } from "../support/analysis/synth-dirs";
import { devTrustException, prodTrustsDev } from "../support/exception-inventory";

const outdir = mkdtempSync(join(tmpdir(), "etl-secrets-intent-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** prod of the exception inventory, its exception's reason full of template syntax. */
const REASON = "replays ${var.day} and %{ if x } until $${done} ends";
const inventory = inventoryOf(prodTrustsDev([devTrustException({ reason: REASON })]));
const prod = planInventory(inventory).environments.find((env) => env.name === "prod")!;
const input = { plan: prod, exceptions: inventory.exceptions, retirements: inventory.retirements, suppressions: inventory.suppressions };

/** Every object cdktf's resolver is handed from the outside while `work` runs. */
function resolvedDuring(work: () => void): unknown[] {
  const module = cdktfResolve as unknown as { resolve: (obj: unknown, options: unknown) => unknown };
  const original = module.resolve;
  const seen: unknown[] = [];
  module.resolve = (obj, options) => {
    seen.push(obj);
    return original(obj, options);
  };
  try {
    work();
  } finally {
    module.resolve = original;
  }
  return seen;
}

describe("intent metadata", () => {
  it("a library stack writes its intent fragment without cdktf's resolver walking it", () => {
    const stack = new EtlStack(new App({ outdir }), "prod");
    attachEnvironmentIntent(stack, input);
    let json: Record<string, any> = {};
    const seen = resolvedDuring(() => {
      stack.prepareStack();
      json = stack.synthesizedJson();
    });
    expect(json["//"][STACK_INTENT_KEY].format).toBe(STACK_INTENT_FORMAT);
    expect(seen.filter((obj) => JSON.stringify(obj)?.includes(STACK_INTENT_FORMAT))).toEqual([]);
  });

  it("writes the same fragment as cdktf resolving it in a team's own stack, template syntax escaped", () => {
    const library = new EtlStack(new App({ outdir }), "prod");
    attachEnvironmentIntent(library, input);
    const team = new TerraformStack(new App({ outdir }), "prod");
    attachEnvironmentIntent(team, input);
    const written = (library.synthesizedJson()["//"] as Record<string, unknown>)[STACK_INTENT_KEY];
    const resolved = (team.toTerraform() as Record<string, any>)["//"][STACK_INTENT_KEY];
    expect(JSON.stringify(written)).toBe(JSON.stringify(resolved));
    expect(JSON.stringify(written)).toContain("replays $${var.day} and %%{ if x } until $$${done} ends");
  });
});

import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { planInventory } from "../../../lib/plan/inventory-plan";
import type { EnvironmentPlan, InventoryPlan } from "../../../lib/plan/types";
import { validateDocument } from "../../../lib/inventory/validate";
import { fixtureDocument } from "../../support/inventories";
import { setupJest } from "cdktf/lib/testing/adapters/jest";

// test/support/setup.ts imports the adapter for its types, but the matchers exist only once setupJest() ran.
setupJest();

/** A stack with an AWS provider, for one construct. */
export function awsStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws-provider", { region: "eu-west-1" });
  return stack;
}

export function synthJson(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack));
}

/** Bodies of every resource of a type, `//` metadata removed, in address order. */
export function bodies(json: any, type: string): any[] {
  const byName = json.resource?.[type] ?? {};
  return Object.keys(byName)
    .sort()
    .map((name) => {
      const { "//": _meta, ...body } = byName[name];
      return body;
    });
}

/** The plan of a fixture, after an optional change to its document. */
export function fixturePlan(name: "acme.yaml" | "realworld.yaml", change?: (doc: any) => void): InventoryPlan {
  const doc = fixtureDocument(name);
  change?.(doc);
  const result = validateDocument(doc);
  if (!result.inventory) throw new Error(`invalid fixture: ${JSON.stringify(result.issues.slice(0, 3))}`);
  return planInventory(result.inventory);
}

export function environmentPlan(plan: InventoryPlan, name: string): EnvironmentPlan {
  const environment = plan.environments.find((e) => e.name === name);
  if (!environment) throw new Error(`no environment ${name}`);
  return environment;
}

export function connector(doc: any, id: string): any {
  const found = doc.connectors.find((c: any) => c.id === id);
  if (!found) throw new Error(`no connector ${id}`);
  return found;
}

import { join } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { setupJest } from "cdktf/lib/testing/adapters/jest";
import { fixtureDocument as sharedFixtureDocument, fixtureInventory } from "../../support/inventories";
import { planInventory } from "../../../lib/plan/inventory-plan";
import type { EnvironmentPlan, InventoryPlan } from "../../../lib/plan/types";
import { validateDocument } from "../../../lib/inventory/validate";
import type { Inventory } from "../../../lib/inventory/model";
import { VaultEnvironment } from "../../../lib/constructs/vault/vault-environment";

// test/support/setup.ts only imports the adapter's types; the matchers need registering.
setupJest();

export const INVENTORIES = join(__dirname, "..", "..", "fixtures", "inventories");

export function fixture(name: "acme.yaml" | "realworld.yaml"): Inventory {
  return fixtureInventory(name);
}

export type Doc = any;

/** The raw YAML document of a fixture, to change before validating. */
export function fixtureDocument(name: "acme.yaml" | "realworld.yaml"): Doc {
  return sharedFixtureDocument(name);
}

/** Validates a document or fails the test with every issue. */
export function inventoryFrom(doc: Doc): Inventory {
  const outcome = validateDocument(doc);
  if (!outcome.ok || !outcome.inventory) throw new Error(`invalid test inventory: ${JSON.stringify(outcome.issues, null, 1)}`);
  return outcome.inventory;
}

export function plans(inventory: Inventory): InventoryPlan {
  return planInventory(inventory);
}

export function environment(inventory: Inventory, name: string): EnvironmentPlan {
  const plan = planInventory(inventory).environments.find((e) => e.name === name);
  if (!plan) throw new Error(`no environment ${name}`);
  return plan;
}

export interface SynthesizedVault {
  readonly stack: TerraformStack;
  /** The synthesized JSON string (for cdktf's matchers). */
  readonly synthesized: string;
  readonly json: Doc;
  /** Resources of one type, by Terraform name, without cdktf's metadata. */
  resources(type: string): Record<string, Doc>;
  /** The one resource of a type whose `key` equals `value`. */
  find(type: string, key: string, value: unknown): Doc;
}

/** A bare stack holding only the VaultEnvironment of a plan: fast, no provider barrels. */
export function synthVault(plan: EnvironmentPlan, validations = false): SynthesizedVault {
  const app = Testing.app();
  const stack = new TerraformStack(app, plan.stackName);
  new VaultEnvironment(stack, "vault", { plan });
  const synthesized = Testing.synth(stack, validations);
  const json = JSON.parse(synthesized);
  const resources = (type: string): Record<string, Doc> =>
    Object.fromEntries(
      Object.entries((json.resource?.[type] ?? {}) as Record<string, Doc>).map(([k, v]) => {
        const { "//": _meta, ...rest } = v;
        return [k, rest];
      }),
    );
  return {
    stack,
    synthesized,
    json,
    resources,
    find(type, key, value) {
      const found = Object.values(resources(type)).filter((r) => JSON.stringify(r[key]) === JSON.stringify(value));
      if (found.length !== 1) throw new Error(`expected one ${type} with ${key} = ${JSON.stringify(value)}, found ${found.length}`);
      return found[0];
    },
  };
}

import { join } from "node:path";
import { loadInventory } from "../../lib/inventory/load";
import type { Inventory } from "../../lib/inventory/model";
import { yamlFileDocument } from "./yaml-file-document";

export const FIXTURES = join(__dirname, "..", "fixtures", "inventories");

export function fixturePath(name: string): string {
  return join(FIXTURES, name);
}

/**
 * Validated fixture inventories, loaded once per test file: a validated inventory is deeply frozen,
 * so every test of the file may share it.
 */
const inventories = new Map<string, Inventory>();

/** A validated fixture inventory (acme.yaml, realworld.yaml). */
export function fixtureInventory(name: "acme.yaml" | "realworld.yaml"): Inventory {
  let inventory = inventories.get(name);
  if (!inventory) {
    inventory = loadInventory(fixturePath(name));
    inventories.set(name, inventory);
  }
  return inventory;
}

/** The raw document of a fixture, to mutate in tests before validating it. */
export function fixtureDocument(name: string): Record<string, any> {
  return yamlFileDocument(fixturePath(name));
}

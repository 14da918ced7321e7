import { join } from "node:path";
import { loadInventory } from "../../lib/inventory/load";
import type { Inventory } from "../../lib/inventory/model";
import { parse } from "yaml";
import { readFileSync } from "node:fs";

export const FIXTURES = join(__dirname, "..", "fixtures", "inventories");

export function fixturePath(name: string): string {
  return join(FIXTURES, name);
}

/** A validated fixture inventory (acme.yaml, realworld.yaml). */
export function fixtureInventory(name: "acme.yaml" | "realworld.yaml"): Inventory {
  return loadInventory(fixturePath(name));
}

/** The raw document of a fixture, to mutate in tests before validating it. */
export function fixtureDocument(name: string): Record<string, any> {
  return parse(readFileSync(fixturePath(name), "utf8"));
}

import { stringify } from "yaml";
import { validateInventoryText } from "../../lib/inventory/load";
import type { Inventory } from "../../lib/inventory/model";

/** Validates a (mutated) inventory document, failing with the issues when it is refused. */
export function loadInventoryFromDocument(doc: Record<string, any>): Inventory {
  const result = validateInventoryText(stringify(doc));
  if (!result.ok || !result.inventory)
    throw new Error(`inventory refused: ${JSON.stringify(result.issues.filter((i) => i.severity === "error"))}`);
  return result.inventory;
}

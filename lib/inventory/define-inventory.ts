import { InventoryError } from "./issues";
import type { Inventory } from "./model";
import type { InventoryInput } from "./schema/inventory";
import { validateDocument } from "./validate";

/**
 * The inventory in code, typed by the same schema as the YAML: editors complete it, and an
 * invalid inventory throws one InventoryError that lists every issue with its path.
 */
export function defineInventory(input: InventoryInput): Inventory {
  const outcome = validateDocument(input);
  if (!outcome.ok || !outcome.inventory) throw new InventoryError(outcome.issues);
  return outcome.inventory;
}

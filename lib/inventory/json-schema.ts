import { z } from "zod";
import { inventorySchema } from "./schema/inventory";

export const INVENTORY_SCHEMA_ID = "https://cdktf-etl-secrets.example/schema/inventory.schema.json";

/**
 * The JSON Schema of the inventory, generated from the zod schema (the single source), so editors
 * complete and check `connectors.yaml`. Cross-field rules (references, class limits) are not
 * expressible here; `etl-secrets validate` checks them.
 */
export function inventoryJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(inventorySchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...generated, $id: INVENTORY_SCHEMA_ID, title: "cdktf-etl-secrets inventory" };
}

/** The text of schema/inventory.schema.json, byte for byte. */
export function inventoryJsonSchemaText(): string {
  return `${JSON.stringify(inventoryJsonSchema(), null, 2)}\n`;
}

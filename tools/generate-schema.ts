// Writes schema/inventory.schema.json from the zod schema: `npm run schema`.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { inventoryJsonSchemaText } from "../lib/inventory/json-schema";

const target = join(__dirname, "..", "schema", "inventory.schema.json");
writeFileSync(target, inventoryJsonSchemaText());
console.log(`wrote ${target}`);

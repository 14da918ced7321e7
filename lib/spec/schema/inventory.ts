import { z } from "zod";
import { connectorSchema } from "./connector";
import { environmentSchema } from "./environment";
import { ownerSchema } from "./owner";
import { identifier } from "./primitives";

export const inventorySchema = z
  .strictObject({
    $schema: z.string().optional().describe("JSON Schema of this file, for editors."),
    version: z.literal(1),
    organization: identifier.describe("Prefix of Secrets Manager names; part of every tag set."),
    owners: z.array(ownerSchema).min(1),
    environments: z.array(environmentSchema).min(1),
    connectors: z.array(connectorSchema).default([]),
  })
  .describe("Inventory of the credentials that ETL connectors use (cdktf-etl-secrets).");

/** What a person writes: defaults may be left out. */
export type InventoryInput = z.input<typeof inventorySchema>;
/** The parsed document, defaults applied. */
export type InventoryDocument = z.output<typeof inventorySchema>;

import { z } from "zod";
import { connectorSchema } from "./connector";
import { environmentSchema } from "./environment";
import { exceptionSchema } from "./exception";
import { ownerSchema } from "./owner";
import { notificationsSchema } from "./notifications";
import { identifier } from "./primitives";
import { orchestratorSchema } from "./orchestrator";
import { retirementSchema } from "./retirement";

export const inventorySchema = z
  .strictObject({
    $schema: z.string().optional().describe("JSON Schema of this file, for editors."),
    version: z.literal(1),
    organization: identifier.describe("Prefix of Secrets Manager names; part of every tag set."),
    owners: z.array(ownerSchema).min(1),
    environments: z.array(environmentSchema).min(1),
    connectors: z.array(connectorSchema).default([]),
    retirements: z
      .array(retirementSchema)
      .default([])
      .describe("Retirements (tombstones): production credentials and environments that left the inventory, kept as a record."),
    exceptions: z
      .array(exceptionSchema)
      .default([])
      .describe("Explicit, approved exceptions: the only way across an environment or account boundary, each until its expiry."),
    orchestrators: z
      .array(orchestratorSchema)
      .default([])
      .describe("Trusted orchestrators: each logs in with its own auth and may only mint wrapped, single-use AppRole secret ids for the consumers it lists."),
    notifications: notificationsSchema.optional(),
    checks: z
      .strictObject({
        suppressions: z
          .array(
            z.strictObject({
              rule: z.string().min(1).describe("Rule id, e.g. CKV_AWS_304 or ETL-VAULT-003."),
              target: z.string().min(1).optional().describe("Stack, resource address or construct path; omitted: everywhere."),
              reason: z.string().min(15, "must say why the finding is accepted"),
            }),
          )
          .default([]),
      })
      .optional()
      .describe("Accepted findings of the secure-default checks, each with its reason."),
  })
  .describe("Inventory of the credentials that ETL connectors use (cdktf-etl-secrets).");

/** What a person writes: defaults may be left out. */
export type InventoryInput = z.input<typeof inventorySchema>;
/** The parsed document, defaults applied. */
export type InventoryDocument = z.output<typeof inventorySchema>;

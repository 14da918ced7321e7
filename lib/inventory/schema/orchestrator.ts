import { z } from "zod";
import { consumerAuthSchema } from "./consumer";
import { identifier } from "./primitives";

/**
 * A trusted orchestrator (Airflow, a CI runner, a job launcher): it logs in like a consumer, with
 * its own auth, and may do one thing only: mint response-wrapped, single-use AppRole secret ids for
 * the consumers it lists, and read their role ids. It reads no credential itself; the job it starts
 * unwraps the secret id and logs in as the consumer.
 */
export const orchestratorSchema = z
  .strictObject({
    id: identifier.describe("The orchestrator's identity; distinct from every consumer id."),
    description: z.string().min(1).optional(),
    auth: consumerAuthSchema.describe("How the orchestrator itself logs in to Vault (as a consumer would)."),
    mintsFor: z
      .array(identifier)
      .min(1)
      .describe("Consumer ids (AppRole consumers of Vault-stored connectors) it may mint wrapped, single-use secret ids for."),
    environments: z
      .array(identifier)
      .min(1)
      .optional()
      .describe("Environments it exists in. @default every environment where one of its consumers has an AppRole"),
  })
  .describe("A trusted orchestrator that delivers AppRole secret ids to the jobs it starts.");

export type Orchestrator = z.output<typeof orchestratorSchema>;

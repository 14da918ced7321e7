import { z } from "zod";
import { REGULATIONS, SENSITIVITIES } from "../class-defaults";
import { consumerSchema } from "./consumer";
import { credentialSchema } from "./credential";
import { STORES } from "./environment";
import { identifier, isoDate } from "./primitives";

export const LIFECYCLE_STATES = ["active", "quarantined", "retired"] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

/**
 * Per-environment overrides: fields of the `main` credential at the top level (the shorthand), or
 * `credentials: { <name>: {...} }`. Each override is merged over the credential and the result is
 * validated as a whole, so an override can never produce a credential the schema would refuse.
 */
const environmentOverrideSchema = z
  .object({
    credentials: z
      .record(identifier, z.record(z.string(), z.unknown()))
      .optional()
      .describe("Overrides of named credentials in this environment."),
  })
  .catchall(z.unknown())
  .describe("Fields that differ in this environment (merged over the credential).");

const lifecycleSchema = z.strictObject({
  createdOn: isoDate,
  reviewBy: isoDate.describe("The owner reviews the credential (need, access, class) before this date."),
  state: z.enum(LIFECYCLE_STATES).default("active"),
  quarantinedOn: isoDate
    .optional()
    .describe("With state: quarantined, the day it was quarantined: etl-secrets audit reports a read after it (otherwise a read in the last 7 days)."),
  destroyOnRetire: z
    .boolean()
    .default(false)
    .describe("With state: retired, remove the credential's resources (otherwise they are kept)."),
});

export const connectorSchema = z
  .strictObject({
    id: identifier,
    purpose: z.string().min(1).describe("Why this credential exists."),
    owner: identifier.describe("Id of an owner."),
    system: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, "must be a lowercase system name such as postgresql, mysql, http-api")
      .describe("The system the connector talks to."),
    sensitivity: z.enum(SENSITIVITIES),
    regulations: z.array(z.enum(REGULATIONS)).default([]),
    store: z.enum(STORES),
    credential: credentialSchema.optional().describe("Shorthand for one credential named `main`."),
    credentials: z
      .record(identifier, credentialSchema)
      .optional()
      .describe("Several named credentials; names are stable, so addresses are stable."),
    consumers: z.array(consumerSchema).default([]),
    environments: z
      .record(z.string(), environmentOverrideSchema)
      .describe("Environments the connector exists in, each with its overrides ({} for none)."),
    lifecycle: lifecycleSchema,
  })
  .describe("An ETL connector and the credentials it uses.");

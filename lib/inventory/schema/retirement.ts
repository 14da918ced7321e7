import { z } from "zod";
import { identifier, isoDate } from "./primitives";

/*
 * A retirement (a tombstone): the record that a production credential, a whole connector in one
 * environment, or a whole environment has left the inventory on purpose. It stays in the inventory
 * for good. By default Terraform forgets what holds data (`removed` blocks with `destroy = false`):
 * the secret, the KV metadata, the namespace stay where they are, outside Terraform. Destruction is
 * a separate, reviewed decision: `destroy: true` with the approver who asked for it.
 */
export const retirementSchema = z
  .strictObject({
    connector: identifier.optional().describe("The connector retired; omitted: the whole environment is retired."),
    credential: identifier
      .optional()
      .describe("One credential of the connector (`main` for the `credential:` shorthand); omitted: every credential."),
    environment: identifier.describe("The environment it leaves."),
    on: isoDate.describe("When it was retired (a record: no output depends on it)."),
    destroy: z
      .boolean()
      .default(false)
      .describe("Destroy the data too (Secrets Manager and KMS keep it for their recovery window; Vault has none). Needs approvedBy."),
    approvedBy: identifier.optional().describe("Owner id of who approved the destruction; required with destroy: true."),
    reason: z.string().min(1).optional().describe("Why it was retired."),
  })
  .describe("A retirement: what left the inventory, where, when, and whether its data is destroyed.");

export type Retirement = z.output<typeof retirementSchema>;

/** Whether a retirement covers an object of this environment, connector and credential. */
export function retirementCovers(
  retirement: Pick<Retirement, "environment" | "connector" | "credential">,
  owner: { readonly environment?: string; readonly connector?: string; readonly credential?: string },
): boolean {
  if (owner.environment === undefined || retirement.environment !== owner.environment) return false;
  if (retirement.connector === undefined) return true;
  if (retirement.connector !== owner.connector) return false;
  return retirement.credential === undefined || retirement.credential === owner.credential;
}

import { z } from "zod";
import { awsAccountId, awsRegion } from "./primitives";

/**
 * Where a Vault cluster's audit log is shipped: an AWS account and region that hold the
 * KMS-encrypted log group and the Object Lock archive. One place per cluster: environments on one
 * cluster give the same value or leave it out.
 */
export const vaultAuditSchema = z
  .strictObject({
    accountId: awsAccountId.describe("AWS account that receives the cluster's audit log (often a dedicated log-archive account)."),
    region: awsRegion,
  })
  .describe(
    "Ships the Vault cluster's audit log to an immutable store in this AWS account and region. " +
      "Environments on one cluster agree or omit it. @default not shipped (production environments get a warning)",
  );

export type VaultAuditSettings = z.output<typeof vaultAuditSchema>;

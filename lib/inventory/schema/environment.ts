import { z } from "zod";
import { TIERS } from "../class-defaults";
import { hoursSchema } from "./hours";
import { humansSchema } from "./humans";
import {
  awsAccountId,
  awsRegion,
  httpsUrl,
  iamRoleArn,
  identifier,
  vaultAddress,
} from "./primitives";
import { vaultAuditSchema } from "./vault-audit";

export const VAULT_EDITIONS = ["community", "enterprise", "openbao"] as const;
export const VAULT_ISOLATIONS = ["namespace", "mount"] as const;
export const STORES = ["vault", "aws"] as const;

/**
 * Mount prefix of an environment with `isolation: mount` when the spec gives none. One segment
 * (`etl-test`, not `etl/test`): a prefix under `etl/` would collide with a namespace named `etl`
 * on the same cluster, since Vault routes namespaces and mounts through one path space.
 */
export function defaultMountPrefix(environment: string): string {
  return `etl-${environment}`;
}

const kubernetesClusterSchema = z.strictObject({
  name: identifier.default("default").describe("Referenced by kubernetes consumers as `cluster`."),
  host: httpsUrl.describe("The Kubernetes API server URL."),
  caCert: z.string().min(1).optional().describe("PEM CA certificate of the API server (public)."),
  issuer: z.string().min(1).optional().describe("Expected service account token issuer."),
});

const jwtIssuerSchema = z.strictObject({
  issuer: httpsUrl.describe("Token issuer, as consumers name it in `auth.issuer`."),
  discoveryUrl: httpsUrl.optional().describe("OIDC discovery URL (defaults to the issuer)."),
  jwksUrl: httpsUrl.optional().describe("JWKS URL, instead of discovery."),
  publicKeys: z.array(z.string().min(1)).min(1).optional().describe("PEM public keys, instead of discovery."),
});

const vaultSettingsSchema = z.strictObject({
  address: vaultAddress,
  edition: z.enum(VAULT_EDITIONS).default("community").describe("Environments on one cluster must agree."),
  isolation: z
    .enum(VAULT_ISOLATIONS)
    .describe("`namespace` needs enterprise or openbao; `mount` uses per-environment mount prefixes."),
  namespace: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/, "must be a namespace path such as etl/prod")
    .optional()
    .describe("Namespace path of the environment (isolation: namespace). Parents are created too."),
  mountPrefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/, "must be a path such as etl/test")
    .optional()
    .describe("Prefix of the environment's mounts (isolation: mount). @default etl-<environment>"),
  auth: z
    .strictObject({
      kubernetes: z.array(kubernetesClusterSchema).optional(),
      jwt: z.array(jwtIssuerSchema).optional(),
    })
    .optional()
    .describe("Settings of auth backends; a secret such as a reviewer JWT never goes here."),
  pki: z
    .strictObject({ mount: z.string().min(1).describe("Existing PKI mount to add roles to.") })
    .optional(),
  awsIdentity: z
    .strictObject({ roleArn: iamRoleArn.describe("The IAM role Vault's servers run as (instance profile, IRSA).") })
    .optional()
    .describe(
      "Vault's own AWS identity: the roles of dynamic AWS keys trust exactly this role. " +
        "@default the environment's account, restricted to roles under the IAM path /vault/ (a warning says so)",
    ),
  audit: vaultAuditSchema.optional(),
});

const awsSettingsSchema = z.strictObject({
  accountId: awsAccountId,
  region: awsRegion,
  rotation: z
    .strictObject({
      subnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, "must be a subnet id")).min(1),
      securityGroupIds: z.array(z.string().regex(/^sg-[0-9a-f]+$/, "must be a security group id")).min(1),
    })
    .optional()
    .describe("VPC placement of the rotation functions, when the databases are private."),
});

const backendSchema = z.strictObject({
  type: z.literal("s3"),
  bucket: z.string().min(3),
  region: awsRegion,
  keyPrefix: z.string().min(1).optional().describe("@default <organization>"),
  dynamodbTable: z.string().min(1).optional().describe("Lock table; without it S3 native locking is used."),
});

const approvalsSchema = z.strictObject({
  group: z.string().min(1).describe("Vault identity group whose members approve human reads."),
  required: z.number().int().min(1).max(10),
});

export const environmentSchema = z
  .strictObject({
    name: identifier,
    tier: z.enum(TIERS),
    stores: z.array(z.enum(STORES)).min(1),
    vault: vaultSettingsSchema.optional(),
    aws: awsSettingsSchema.optional(),
    backend: backendSchema.optional(),
    approvals: approvalsSchema.optional(),
    hours: hoursSchema.optional(),
    humans: humansSchema.optional(),
  })
  .describe("A deployment environment (dev, test, staging, prod...).");

import { z } from "zod";
import { awsAccountId, databaseHost, databaseName, databaseUsername, duration, httpsUrl, iamRoleName, identifier } from "./primitives";

/*
 * A credential is a discriminated union on `type`. Each kind says what the library stores and how
 * it is rotated; none holds a value: values come from rotation, Vault, or `etl-secrets seed`.
 */

const databaseEndpoint = z.strictObject({
  host: databaseHost.describe("Host name or IP address only: no port, path, query or login."),
  port: z.number().int().min(1).max(65535).optional(),
  name: databaseName.optional().describe("Database name."),
  username: databaseUsername.optional().describe("Login name; the password stays out of the spec."),
});

/** Rotation that the library performs itself (rotation functions, Vault static roles). */
const managedRotation = z.strictObject({
  days: z.number().int().min(1).optional().describe("@default the class default"),
});

/** Rotation by reminder (only a third party can rotate) or through a key-broker endpoint. */
const brokerOrReminderRotation = z.strictObject({
  days: z.number().int().min(1).optional().describe("@default the class default"),
  reminder: z.boolean().optional().describe("Only the issuer can rotate: the library reminds the owner."),
  endpoint: httpsUrl.optional().describe("Key-broker endpoint that creates, verifies and revokes keys."),
});

const reminderRotation = z.strictObject({
  days: z.number().int().min(1).optional(),
  reminder: z.literal(true).default(true),
});

const dynamicDatabase = z.strictObject({
  type: z.literal("dynamic-database"),
  database: databaseEndpoint,
  ttl: z.strictObject({ default: duration.optional(), max: duration.optional() }).optional(),
  statements: z
    .strictObject({
      creation: z.array(z.string().min(1)).min(1),
      revocation: z.array(z.string().min(1)).min(1),
    })
    .optional()
    .describe("Creation and revocation SQL; required for systems other than PostgreSQL and MySQL."),
});

const rotatedPassword = z.strictObject({
  type: z.literal("rotated-password"),
  strategy: z.enum(["single-user", "alternating-users"]).default("single-user"),
  master: identifier.optional().describe("Connector whose credential manages the user pair (alternating-users)."),
  database: databaseEndpoint,
  rotation: managedRotation.optional(),
  seeded: z.boolean().default(false).describe("The first value was written with `etl-secrets seed`."),
  allowPlaintext: z.boolean().optional().describe("Allow a database without TLS; non-production only."),
  tls: z
    .enum(["verify-full", "verify-ca", "require"])
    .optional()
    .describe("Weakest TLS mode rotation may use (pinned in the secret's tags); below verify-full is non-production only. @default verify-full"),
});

const staticPassword = z.strictObject({
  type: z.literal("static-password"),
  database: databaseEndpoint.optional(),
  rotation: reminderRotation.optional(),
});

const apiKey = z.strictObject({
  type: z.literal("api-key"),
  rotation: brokerOrReminderRotation.optional(),
  seeded: z.boolean().default(false),
});

const certificate = z.strictObject({
  type: z.literal("certificate"),
  certificate: z.strictObject({
    commonName: z.string().min(1),
    altNames: z.array(z.string().min(1)).optional(),
    ttl: duration.optional().describe("@default the class certificate TTL"),
  }),
});

const oauthClient = z.strictObject({
  type: z.literal("oauth-client"),
  grant: z.enum(["refresh-token", "client-credentials", "access-token"]),
  refreshTokenRotates: z
    .boolean()
    .default(false)
    .describe("The provider issues a new refresh token on every use: consumers write it back."),
  clientSecretRotation: reminderRotation.optional(),
  tokenUrl: httpsUrl.optional(),
  scopes: z.array(z.string().min(1)).optional(),
});

const keyPair = z.strictObject({
  type: z.literal("key-pair"),
  algorithm: z.enum(["rsa-2048", "rsa-4096", "ed25519", "ecdsa-p256"]),
  rotation: z
    .strictObject({
      days: z.number().int().min(1).optional(),
      slots: z.union([z.literal(1), z.literal(2)]).default(2),
      reminder: z.boolean().optional(),
      endpoint: httpsUrl.optional(),
    })
    .optional(),
  seeded: z.boolean().default(false),
});

const sshKey = z.strictObject({
  type: z.literal("ssh-key"),
  mode: z.enum(["signed-certificate", "static"]),
  principals: z.array(z.string().min(1)).min(1).optional(),
  ttl: duration.optional(),
  rotation: reminderRotation.optional(),
});

const awsPermissions = z
  .record(
    z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, "must be an IAM action such as s3:GetObject"),
    z.array(z.string().regex(/^arn:aws[a-z-]*:[a-z0-9-]+:/, "must be an ARN")).min(1),
  )
  .describe("IAM actions and the exact resource ARNs each may act on.");

const cloudAccessKey = z.strictObject({
  type: z.literal("cloud-access-key"),
  provider: z.enum(["aws", "gcp", "azure"]),
  mode: z.enum(["dynamic", "rotated", "static"]),
  roleName: iamRoleName.optional(),
  allow: awsPermissions.optional(),
  ttl: duration.optional(),
  rotation: brokerOrReminderRotation.optional(),
  seeded: z.boolean().default(false),
});

const cloudServiceAccountKey = z.strictObject({
  type: z.literal("cloud-service-account-key"),
  provider: z.literal("gcp"),
  mode: z.enum(["dynamic", "static"]),
  project: z.string().min(1),
  roles: z.array(z.string().min(1)).min(1),
  ttl: duration.optional(),
  rotation: reminderRotation.optional(),
});

const cloudRole = z.strictObject({
  type: z.literal("cloud-role"),
  provider: z.literal("aws"),
  roleName: iamRoleName.optional(),
  externalId: z.string().min(2).optional().describe("Issued by the third party; guards against the confused deputy."),
  trustedAccount: awsAccountId.optional(),
  allow: awsPermissions,
});

const sasl = z.strictObject({
  type: z.literal("sasl"),
  mechanism: z.enum(["plain", "scram-sha-256", "scram-sha-512"]),
  rotation: brokerOrReminderRotation.optional(),
  seeded: z.boolean().default(false),
});

const generic = z.strictObject({
  type: z.literal("generic"),
  fields: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a field name")).min(1),
  rotation: reminderRotation.optional(),
});

export const credentialSchema = z.discriminatedUnion("type", [
  dynamicDatabase,
  rotatedPassword,
  staticPassword,
  apiKey,
  certificate,
  oauthClient,
  keyPair,
  sshKey,
  cloudAccessKey,
  cloudServiceAccountKey,
  cloudRole,
  sasl,
  generic,
]);

export const CREDENTIAL_TYPES = credentialSchema.options.map((option) => option.shape.type.value);

/** Name of the credential written with the `credential:` shorthand. */
export const MAIN_CREDENTIAL = "main";

export { identifier as credentialName };

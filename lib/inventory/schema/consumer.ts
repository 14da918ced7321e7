import { z } from "zod";
import { awsAccountId, cidr, duration, httpsUrl, iamRoleArn, iamRoleName, identifier } from "./primitives";

export const AUTH_METHODS = ["approle", "jwt", "kubernetes", "aws-iam"] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

const approleAuth = z.strictObject({
  method: z.literal("approle"),
  cidrs: z
    .array(cidr)
    .min(1)
    .optional()
    .describe("Networks the job runs in; bound to secret ids and tokens. Required in production."),
});

const jwtAuth = z.strictObject({
  method: z.literal("jwt"),
  issuer: httpsUrl.describe("OIDC issuer of the job's identity token."),
  subject: z.string().min(1).describe("Exact `sub` claim the token must carry."),
  audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
});

const kubernetesAuth = z.strictObject({
  method: z.literal("kubernetes"),
  serviceAccount: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a Kubernetes name"),
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a Kubernetes namespace"),
  cluster: identifier.optional().describe("Name of a cluster in the environment's vault.auth.kubernetes. @default default"),
});

const awsIamAuth = z.strictObject({
  method: z.literal("aws-iam"),
  roleName: iamRoleName.optional().describe("A role the library creates for this consumer."),
  roleArn: iamRoleArn.optional().describe("An existing role the library only grants."),
  trustedAccount: awsAccountId.optional().describe("Account allowed to assume the created role (a third party)."),
  externalId: z
    .string()
    .min(2)
    .optional()
    .describe("Issued by the third party of trustedAccount (sts:ExternalId); guards against the confused deputy."),
  trustedService: z
    .string()
    .regex(/^[a-z0-9.-]+\.amazonaws\.com$/, "must be a service principal such as ecs-tasks.amazonaws.com")
    .optional()
    .describe("Service allowed to assume the created role."),
});

export const consumerAuthSchema = z.discriminatedUnion("method", [approleAuth, jwtAuth, kubernetesAuth, awsIamAuth]);

export const CONSUMER_ACCESS = ["read"] as const;

export const consumerSchema = z
  .strictObject({
    id: identifier.describe("The service account; the same id under several connectors is ONE account."),
    description: z.string().min(1).optional(),
    auth: consumerAuthSchema,
    access: z.enum(CONSUMER_ACCESS).default("read"),
    credentials: z
      .array(identifier)
      .min(1)
      .optional()
      .describe("The connector's credentials this consumer reads. @default all of them"),
    lease: z
      .strictObject({
        max: duration,
        reason: z.string().min(10, "must say why the consumer needs a longer lease"),
      })
      .optional()
      .describe("A longer lease maximum for a long-running consumer (up to 24h), with its reason."),
  })
  .describe("A job that reads the connector's credentials.");

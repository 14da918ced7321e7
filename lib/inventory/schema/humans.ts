import { z } from "zod";

/** Vault auth method types people log in with: the only types a login MFA enforcement may name. */
export const HUMAN_LOGIN_METHODS = ["oidc", "ldap", "userpass", "okta", "radius", "cert", "github"] as const;
export type HumanLoginMethod = (typeof HUMAN_LOGIN_METHODS)[number];

/** Machine login methods (consumers, rotation functions): never challenged for MFA. */
export const MACHINE_LOGIN_METHODS = ["approle", "kubernetes", "jwt", "aws"] as const;

/** What people are assumed to log in with when the environment does not say. */
export const DEFAULT_HUMAN_LOGIN_METHODS: readonly HumanLoginMethod[] = Object.freeze(["oidc", "ldap", "userpass", "okta", "radius"]);

export const humansSchema = z
  .strictObject({
    loginMethods: z
      // A machine method (approle, kubernetes, jwt, aws) is not in the list: the validator refuses it.
      .array(z.enum(HUMAN_LOGIN_METHODS))
      .min(1)
      .optional()
      .describe(
        "Vault auth method types people use here. When given, in production every login through them must pass TOTP " +
          "(each must be mounted in the environment's namespace). @default operators are challenged on any method",
      ),
  })
  .describe("How people log in to the environment's Vault.");

export type HumansSettings = z.output<typeof humansSchema>;

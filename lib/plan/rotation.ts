import { SENSITIVITY_CLASSES, type Sensitivity } from "../inventory/class-defaults";
import type { Credential } from "../inventory/model";
import type { RotationPlan } from "./types";

const REMINDER_EXEMPTION = "only the issuer can rotate it: the owner rotates it on a reminder";

/** Secrets Manager rotation function target for a database system and strategy. */
export function databaseRotationTarget(system: string, strategy: "single-user" | "alternating-users"): string {
  const engine = system === "postgresql" ? "postgresql" : "mysql";
  return `${engine}-${strategy}`;
}

function reminder(days: number | undefined, defaultDays: number): RotationPlan {
  return { mode: "reminder", days: days ?? defaultDays, enabled: false, exemption: REMINDER_EXEMPTION };
}

function brokerOrReminder(
  rotation: { days?: number; endpoint?: string; reminder?: boolean } | undefined,
  seeded: boolean,
  store: "vault" | "aws",
  defaultDays: number,
): RotationPlan {
  return rotation?.endpoint
    ? {
        mode: "broker",
        days: rotation.days ?? defaultDays,
        endpoint: rotation.endpoint,
        target: "key-broker",
        enabled: seeded || store === "vault",
        exemption: seeded || store === "vault" ? undefined : "not yet seeded: rotation starts after `etl-secrets seed`",
      }
    : reminder(rotation?.days, defaultDays);
}

/** How a credential gets new values in one environment, and how often. */
export function planRotation(credential: Credential, store: "vault" | "aws", sensitivity: Sensitivity, system: string): RotationPlan {
  const defaultDays = SENSITIVITY_CLASSES[sensitivity].rotationDefaultDays;
  switch (credential.type) {
    case "dynamic-database":
      return { mode: "dynamic", enabled: true };
    case "certificate":
      return { mode: "issued", enabled: true };
    case "rotated-password": {
      const days = credential.rotation?.days ?? defaultDays;
      if (store === "vault") return { mode: "vault-static-role", days, enabled: true };
      return {
        mode: "secrets-manager",
        days,
        target: databaseRotationTarget(system, credential.strategy),
        enabled: credential.seeded,
        exemption: credential.seeded ? undefined : "not yet seeded: rotation starts after `etl-secrets seed` and seeded: true",
      };
    }
    case "static-password":
    case "generic":
      return reminder(credential.rotation?.days, defaultDays);
    case "oauth-client":
      return reminder(credential.clientSecretRotation?.days, defaultDays);
    case "api-key":
    case "sasl":
      return brokerOrReminder(credential.rotation, credential.seeded, store, defaultDays);
    case "key-pair":
      return brokerOrReminder(credential.rotation, credential.seeded, store, defaultDays);
    case "ssh-key":
      return credential.mode === "signed-certificate"
        ? { mode: "issued", enabled: true }
        : reminder(credential.rotation?.days, defaultDays);
    case "cloud-access-key":
      if (credential.mode === "dynamic") return { mode: "dynamic", enabled: true };
      if (credential.mode === "rotated" && credential.provider === "aws") {
        const days = credential.rotation?.days ?? defaultDays;
        return {
          mode: "secrets-manager",
          days,
          target: "aws-iam-access-key",
          enabled: credential.seeded,
          exemption: credential.seeded ? undefined : "not yet seeded: rotation starts after `etl-secrets seed`",
        };
      }
      return brokerOrReminder(credential.rotation, credential.seeded, store, defaultDays);
    case "cloud-service-account-key":
      return credential.mode === "dynamic" ? { mode: "dynamic", enabled: true } : reminder(credential.rotation?.days, defaultDays);
    case "cloud-role":
      return { mode: "none", enabled: false, exemption: "no stored secret: an IAM role assumed by the consumer" };
  }
}

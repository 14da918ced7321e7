import { REGULATION_CONTROLS } from "./regulation-controls";
import type { Regulation } from "./regulations";

/**
 * The class table: what a credential's sensitivity and its environment's tier decide.
 * ONE table, documented in the README ("Class defaults"). A connector may ask for shorter values
 * than its class, never longer; a service account shared by several classes gets the strictest.
 */
export const SENSITIVITIES = ["critical", "high", "moderate", "low"] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export const TIERS = ["production", "non-production"] as const;
export type Tier = (typeof TIERS)[number];

export interface SensitivityClass {
  /** Rotation period when the spec gives none (days). */
  readonly rotationDefaultDays: number;
  /** Longest rotation period the spec may ask for (days). */
  readonly rotationMaxDays: number;
  /** Dynamic lease and consumer token TTL when the spec gives none (seconds). */
  readonly leaseDefaultSeconds: number;
  /** Longest lease / token max TTL the spec may ask for (seconds). */
  readonly leaseMaxSeconds: number;
  /** AppRole secret-id TTL (seconds): short, because a secret id is a bearer credential. */
  readonly secretIdTtlSeconds: number;
  /** PKI and SSH certificate TTL (seconds). */
  readonly certificateTtlSeconds: number;
  /** Length of generated passwords. */
  readonly passwordLength: number;
  /** Whether human reads (operator, break-glass) in production with `approvals` need a control group. */
  readonly humanReadControlGroup: boolean;
  /**
   * A credential not used for this long is reported dormant (days). House policy: no regulation
   * fixes these; a regulation's own period (REGULATION_CONTROLS, `dormancy`) applies when shorter.
   */
  readonly dormancyDays: number;
}

const HOUR = 3600;
const DAY = 86400;

export const SENSITIVITY_CLASSES: Readonly<Record<Sensitivity, SensitivityClass>> = Object.freeze({
  critical: {
    rotationDefaultDays: 30,
    rotationMaxDays: 30,
    leaseDefaultSeconds: 1 * HOUR,
    leaseMaxSeconds: 4 * HOUR,
    secretIdTtlSeconds: 10 * 60,
    certificateTtlSeconds: 24 * HOUR,
    passwordLength: 48,
    humanReadControlGroup: true,
    dormancyDays: 30,
  },
  high: {
    rotationDefaultDays: 30,
    rotationMaxDays: 90,
    leaseDefaultSeconds: 1 * HOUR,
    leaseMaxSeconds: 8 * HOUR,
    secretIdTtlSeconds: 30 * 60,
    certificateTtlSeconds: 72 * HOUR,
    passwordLength: 40,
    humanReadControlGroup: false,
    dormancyDays: 60,
  },
  moderate: {
    rotationDefaultDays: 90,
    rotationMaxDays: 180,
    leaseDefaultSeconds: 1 * HOUR,
    leaseMaxSeconds: 12 * HOUR,
    secretIdTtlSeconds: 1 * HOUR,
    certificateTtlSeconds: 7 * DAY,
    passwordLength: 32,
    humanReadControlGroup: false,
    dormancyDays: 90,
  },
  low: {
    rotationDefaultDays: 90,
    rotationMaxDays: 365,
    leaseDefaultSeconds: 1 * HOUR,
    leaseMaxSeconds: 24 * HOUR,
    secretIdTtlSeconds: 24 * HOUR,
    certificateTtlSeconds: 30 * DAY,
    passwordLength: 32,
    humanReadControlGroup: false,
    dormancyDays: 180,
  },
});

export interface TierClass {
  /** How many times one AppRole secret id may be used. */
  readonly secretIdUses: number;
  /** Whether AppRole consumers must declare CIDR bindings. */
  readonly cidrBindingRequired: boolean;
  /** Secrets Manager recovery window (days). */
  readonly recoveryWindowDays: number;
  /** KMS key deletion window (days). */
  readonly kmsDeletionWindowDays: number;
  /** `prevent_destroy` on secrets, keys, mounts, namespaces and audit sinks. */
  readonly preventDestroy: boolean;
  /** A break-glass policy / role that requires MFA. */
  readonly breakGlass: boolean;
  /** CloudWatch log group retention (days). */
  readonly logRetentionDays: number;
  /**
   * Whether a drill identity (rotates and revokes through the stores' APIs) may exist. House
   * policy: drills run only where a mistake cannot take production down.
   */
  readonly drillIdentity: boolean;
  /**
   * Whether operators must pass TOTP login MFA (break-glass always does where it exists). House
   * policy in general; PCI DSS 8.4.2 and GLBA 314.4(c)(5) ask for it (REGULATION_CONTROLS).
   */
  readonly operatorLoginMfa: boolean;
}

export const TIER_CLASSES: Readonly<Record<Tier, TierClass>> = Object.freeze({
  production: {
    secretIdUses: 1,
    cidrBindingRequired: true,
    recoveryWindowDays: 30,
    kmsDeletionWindowDays: 30,
    preventDestroy: true,
    breakGlass: true,
    logRetentionDays: 365,
    drillIdentity: false,
    operatorLoginMfa: true,
  },
  "non-production": {
    secretIdUses: 5,
    cidrBindingRequired: false,
    recoveryWindowDays: 7,
    kmsDeletionWindowDays: 7,
    preventDestroy: false,
    breakGlass: false,
    logRetentionDays: 365,
    drillIdentity: true,
    operatorLoginMfa: false,
  },
});

/** Secrets Manager rotation never exceeds this, whatever the class (Checkov CKV_AWS_304). */
export const SECRETS_MANAGER_MAX_ROTATION_DAYS = 90;

/** A long-running consumer (streaming, CDC) may ask for a lease maximum up to this, with a reason. */
export const LONG_RUNNING_LEASE_MAX_SECONDS = 24 * HOUR;

/** Declared in regulations.ts, which regulation-controls.ts imports without importing this file. */
export { REGULATIONS, type Regulation } from "./regulations";

/**
 * Audit trail retention (days) per regulation; production buckets keep objects for the longest
 * period any connector of the environment needs. Unlisted regulations use the default. Derived from
 * the `audit-retention` controls of REGULATION_CONTROLS (sox 2555, hipaa 2190, pci 365), where each
 * value's basis is written down.
 */
export const REGULATION_RETENTION_DAYS: Readonly<Partial<Record<Regulation, number>>> = Object.freeze(
  Object.fromEntries(
    (Object.keys(REGULATION_CONTROLS) as Regulation[]).flatMap((regulation) =>
      REGULATION_CONTROLS[regulation].controls.flatMap((control) =>
        control.kind === "audit-retention" ? [[regulation, control.days]] : [],
      ),
    ),
  ) as Partial<Record<Regulation, number>>,
);
export const DEFAULT_RETENTION_DAYS = 365;
/** Non-production trails: GOVERNANCE mode, 90 days (a compliance lock cannot be lifted). */
export const NON_PRODUCTION_RETENTION_DAYS = 90;

/** Passwords use URI-unreserved characters only, so they survive URIs, libpq, .pgpass and JDBC. */
export const PASSWORD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";

/** The strictest of several classes: used for a service account shared across connectors. */
export function strictestSensitivity(values: readonly Sensitivity[]): Sensitivity {
  for (const candidate of SENSITIVITIES) if (values.includes(candidate)) return candidate;
  return "low";
}

import { shown, shownAs } from "../display";
import { SECRETS_MANAGER_MAX_ROTATION_DAYS, SENSITIVITY_CLASSES, type Sensitivity } from "../class-defaults";
import { formatDuration, parseDuration } from "../duration";
import type { SpecPath } from "../issues";
import { asNumber, asRecord, asString, type RawRecord } from "./raw-view";
import { SQL_SYSTEMS_WITH_BUILTIN_STATEMENTS } from "../database-systems";

export interface LimitFinding {
  /** Path relative to the credential. */
  readonly path: SpecPath;
  readonly code: string;
  readonly message: string;
}

const ROTATION_PATH_BY_TYPE: Record<string, SpecPath> = {
  "rotated-password": ["rotation"],
  "static-password": ["rotation"],
  "api-key": ["rotation"],
  "key-pair": ["rotation"],
  sasl: ["rotation"],
  generic: ["rotation"],
  "ssh-key": ["rotation"],
  "cloud-access-key": ["rotation"],
  "cloud-service-account-key": ["rotation"],
  "oauth-client": ["clientSecretRotation"],
};

/**
 * The class table's limits on one credential (as written, or merged with an override): rotation
 * and TTLs may be shorter than the class allows, never longer; and how each kind may rotate.
 */
// long-function: one rule per column of the class table (rotation, TTLs, how each kind may rotate), each a few lines against the same merged limits
export function credentialLimitFindings(
  credential: RawRecord,
  sensitivity: string | undefined,
  system: string | undefined,
  store?: string,
): LimitFinding[] {
  const findings: LimitFinding[] = [];
  const type = asString(credential.type);
  const limits = sensitivity && sensitivity in SENSITIVITY_CLASSES ? SENSITIVITY_CLASSES[sensitivity as Sensitivity] : undefined;
  const rotationPath = type ? ROTATION_PATH_BY_TYPE[type] : undefined;
  const rotation = rotationPath ? asRecord(credential[rotationPath[0] as string]) : undefined;

  const days = asNumber(rotation?.days);
  const secretsManagerRotates = store === "aws" && (type === "rotated-password" || rotation?.endpoint !== undefined);
  if (limits && rotationPath && days !== undefined && days > limits.rotationMaxDays) {
    const max = secretsManagerRotates ? Math.min(limits.rotationMaxDays, SECRETS_MANAGER_MAX_ROTATION_DAYS) : limits.rotationMaxDays;
    findings.push({
      path: [...rotationPath, "days"],
      code: "rotation-beyond-class",
      message:
        `${days} days exceeds the rotation maximum of a ${shown(sensitivity)} credential (${limits.rotationMaxDays} days` +
        `${max < limits.rotationMaxDays ? `; ${SECRETS_MANAGER_MAX_ROTATION_DAYS} in AWS Secrets Manager, CKV_AWS_304` : ""}); allowed: 1 to ${max}`,
    });
  } else if (secretsManagerRotates && rotationPath && days !== undefined && days > SECRETS_MANAGER_MAX_ROTATION_DAYS) {
    // Whatever the class: a longer Secrets Manager schedule fails Checkov's CKV_AWS_304.
    findings.push({
      path: [...rotationPath, "days"],
      code: "rotation-beyond-secrets-manager",
      message: `${days} days exceeds what AWS Secrets Manager rotation may use whatever the class (${SECRETS_MANAGER_MAX_ROTATION_DAYS} days, CKV_AWS_304); allowed: 1 to ${SECRETS_MANAGER_MAX_ROTATION_DAYS}`,
    });
  }

  const ttlLimit = (path: SpecPath, value: unknown, maxSeconds: number | undefined, what: string) => {
    const seconds = typeof value === "string" ? parseDuration(value) : undefined;
    if (seconds !== undefined && maxSeconds !== undefined && seconds > maxSeconds) {
      findings.push({
        path,
        code: "ttl-beyond-class",
        message: `${shownAs("duration", value)} exceeds the ${what} of a ${shown(sensitivity)} credential (${formatDuration(maxSeconds)}); ask for ${formatDuration(maxSeconds)} or less`,
      });
    }
  };

  switch (type) {
    case "dynamic-database": {
      const ttl = asRecord(credential.ttl);
      if (ttl?.default !== undefined) ttlLimit(["ttl", "default"], ttl.default, limits?.leaseMaxSeconds, "lease maximum");
      if (ttl?.max !== undefined) ttlLimit(["ttl", "max"], ttl.max, limits?.leaseMaxSeconds, "lease maximum");
      const defaultSeconds = typeof ttl?.default === "string" ? parseDuration(ttl.default) : undefined;
      const maxSeconds = typeof ttl?.max === "string" ? parseDuration(ttl.max) : undefined;
      if (defaultSeconds !== undefined && maxSeconds !== undefined && defaultSeconds > maxSeconds) {
        findings.push({
          path: ["ttl", "default"],
          code: "ttl-default-above-max",
          message: `${shownAs("duration", ttl?.default)} is longer than ttl.max (${shownAs("duration", ttl?.max)})`,
        });
      }
      if (system && !(SQL_SYSTEMS_WITH_BUILTIN_STATEMENTS as readonly string[]).includes(system) && credential.statements === undefined) {
        findings.push({
          path: ["statements"],
          code: "statements-required",
          message: `is required for system ${shown(system)}: the library knows creation and revocation statements for ${SQL_SYSTEMS_WITH_BUILTIN_STATEMENTS.join(", ")} only`,
        });
      }
      break;
    }
    case "rotated-password":
      if (system && !(SQL_SYSTEMS_WITH_BUILTIN_STATEMENTS as readonly string[]).includes(system)) {
        findings.push({
          path: ["type"],
          code: "rotation-target-unsupported",
          message: `the rotation functions support ${SQL_SYSTEMS_WITH_BUILTIN_STATEMENTS.join(", ")}; system ${shown(system)} needs static-password (reminder) or a key-broker credential`,
        });
      }
      if (credential.strategy === "alternating-users" && credential.master === undefined) {
        findings.push({
          path: ["master"],
          code: "required",
          message: "is required with strategy: alternating-users: the connector whose credential creates and alters the user pair",
        });
      }
      if (credential.strategy !== "alternating-users" && credential.master !== undefined) {
        findings.push({ path: ["master"], code: "master-needs-alternating", message: "is only used with strategy: alternating-users" });
      }
      break;
    case "certificate":
      ttlLimit(["certificate", "ttl"], asRecord(credential.certificate)?.ttl, limits?.certificateTtlSeconds, "certificate TTL");
      break;
    case "ssh-key":
      ttlLimit(["ttl"], credential.ttl, limits?.certificateTtlSeconds, "certificate TTL");
      if (credential.mode === "signed-certificate" && credential.principals === undefined) {
        findings.push({
          path: ["principals"],
          code: "required",
          message: "is required with mode: signed-certificate: the login names a certificate may carry",
        });
      }
      break;
    case "cloud-access-key":
    case "cloud-service-account-key":
      ttlLimit(["ttl"], credential.ttl, limits?.leaseMaxSeconds, "lease maximum");
      break;
    default:
      break;
  }

  // Kinds that either a key broker or only their issuer can rotate must say which.
  if (type === "api-key" || type === "sasl" || type === "key-pair") {
    const reminder = rotation?.reminder === true;
    const endpoint = rotation?.endpoint !== undefined;
    if (!rotation) {
      findings.push({
        path: ["rotation"],
        code: "rotation-mode-required",
        message:
          "is required: give endpoint (a key broker rotates it) or reminder: true (only the issuer can; the owner is reminded by the daily checker, which needs an aws account in the environment)",
      });
    } else if (reminder === endpoint) {
      findings.push({
        path: ["rotation"],
        code: "rotation-mode-required",
        message: reminder
          ? "gives both endpoint and reminder: choose one (a key broker rotates it, or the owner is reminded by the daily checker, which needs an aws account in the environment)"
          : "needs endpoint (a key broker rotates it) or reminder: true (only the issuer can rotate it)",
      });
    }
  }
  return findings;
}

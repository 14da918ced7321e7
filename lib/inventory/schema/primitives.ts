import { z } from "zod";
import { DURATION_PATTERN } from "../duration";

/**
 * Identifiers become Vault paths, policy names, IAM role and Secrets Manager names and Terraform
 * addresses, so they are lowercase slugs that every one of those accepts.
 */
export const ID_PATTERN = /^[a-z][a-z0-9-]{0,47}$/;
export const identifier = z
  .string()
  .regex(ID_PATTERN, "must be a lowercase slug: a letter, then letters, digits or '-', at most 48 characters");

export const duration = z
  .string()
  .regex(DURATION_PATTERN, "must be a duration such as 30m, 1h, 72h or 7d");

const ISO_DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Whether `YYYY-MM-DD` names a day of the calendar (no 2026-02-30; 29 February in leap years only). */
export function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

export const isoDate = z
  .string()
  .regex(ISO_DATE, "must be a date written YYYY-MM-DD")
  .refine((text) => !ISO_DATE.test(text) || isCalendarDate(text), "must be a real calendar date (that month has fewer days)");

/*
 * Fields that become part of a connection URL (`postgresql://{{username}}:{{password}}@<host>:<port>/<name>?sslmode=verify-full`)
 * are validated as what they are, so none can add a port, a path, a query (`?sslmode=disable`), a
 * fragment that cuts off the library's TLS settings, or a login.
 */
const HOST_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const IPV4 = "(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)";
export const HOST_PATTERN = new RegExp(`^(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*\\.?|${IPV4}|\\[[0-9A-Fa-f:.]{2,45}\\])$`);

export const databaseHost = z
  .string()
  .max(253, "must be a host name of at most 253 characters")
  .regex(HOST_PATTERN, "must be a host name or IP address only (letters, digits, '-' and '.'; the port goes in port; no '/', '?', '#', '@', ':', spaces or login)");

export const databaseName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_.$-]{0,127}$/,
    "must be a database name (a letter or '_', then letters, digits, '_', '-', '.' or '$'; no '/', '?', '#', '&', '@', ':' or spaces)",
  );

export const databaseUsername = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_.$-]{0,62}$/,
    "must be a login name (a letter or '_', then letters, digits, '_', '-', '.' or '$', at most 63; no ':', '@' or spaces; the password never goes here)",
  );

export const httpsUrl = z
  .string()
  .regex(/^https:\/\/[^\s/$.?#][^\s]*$/, "must be an https:// URL");

/** Vault addresses may be plain http only on loopback (a dev server); everything else is TLS. */
export const vaultAddress = z
  .string()
  .regex(
    /^(https:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]{2,45}\])(:\d{1,5})?|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?)\/?$/,
    "must be an https:// URL of a host and optional port (http:// only for a dev server on loopback), with no login, path or query",
  );

export const email = z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an email address");

export const awsAccountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id (quote it in YAML)");

export const awsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "must be an AWS region such as eu-west-1");

export const cidr = z
  .string()
  .regex(
    /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(3[0-2]|[12]?\d)$|^[0-9a-fA-F:]+\/\d{1,3}$/,
    "must be a CIDR block such as 10.20.0.0/16",
  );

export const iamRoleName = z
  .string()
  .regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM role name (at most 64 of letters, digits and +=,.@_-)");

export const iamRoleArn = z
  .string()
  // eslint-disable-next-line no-useless-escape -- the regex source is published as the JSON schema's pattern (schema/inventory.schema.json); its bytes stay as they are
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/, "must be an IAM role ARN");

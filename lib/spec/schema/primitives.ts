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

export const isoDate = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "must be a date written YYYY-MM-DD");

export const httpsUrl = z
  .string()
  .regex(/^https:\/\/[^\s/$.?#][^\s]*$/, "must be an https:// URL");

/** Vault addresses may be plain http only on loopback (a dev server); everything else is TLS. */
export const vaultAddress = z
  .string()
  .regex(
    /^(https:\/\/[^\s/]+|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?)\/?$/,
    "must be an https:// URL (http:// only for a dev server on loopback), with no path",
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
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/, "must be an IAM role ARN");

import { z } from "zod";
import { identifier, isoDate } from "./primitives";

/*
 * An exception: the only way across an environment or account boundary. It names who asked, what
 * crosses (connector, environment, and the other account or the wildcard action or resource),
 * which boundary, why, who approved it and until when. It matches one crossing exactly; one that
 * matches nothing is an error. Its expiry is judged against a clock the caller passes (`--now`):
 * expired is an error, within 30 days a warning; no output ever depends on the date.
 */
export const EXCEPTION_BOUNDARIES = ["cross-environment-trust", "wildcard-permission"] as const;
export type ExceptionBoundary = (typeof EXCEPTION_BOUNDARIES)[number];

/** Days ahead of its expiry that an exception is reported (a warning). */
export const EXCEPTION_WARNING_DAYS = 30;

export const exceptionSchema = z
  .strictObject({
    id: identifier.describe("Name of the exception (unique); reports say `allowed by exception <id>`."),
    boundary: z
      .enum(EXCEPTION_BOUNDARIES)
      .describe(
        "Which boundary it crosses: cross-environment-trust (a role of `environment` trusts another environment's account, `target`), " +
          "wildcard-permission (an `allow` of a cloud role holds a wildcard action or resource, `target`).",
      ),
    connector: identifier.describe("The connector whose role crosses."),
    credential: identifier.optional().describe("Narrows it to one credential (a cloud role) of the connector."),
    consumer: identifier.optional().describe("Narrows it to one consumer of the connector (its auth.trustedAccount)."),
    environment: identifier.describe("The environment whose role crosses."),
    target: z
      .string()
      .min(1)
      .max(2048)
      .describe("cross-environment-trust: the other account id, as written; wildcard-permission: the action (`s3:*`) or resource ARN, as written."),
    reason: z.string().min(15, "must say why the boundary is crossed (at least 15 characters)").describe("Why the boundary is crossed."),
    requestedBy: identifier.describe("Owner id of who asked for it."),
    approvedBy: identifier.describe("Who approved it (a person or group id); never the requester."),
    expires: isoDate.describe("Last day it holds (YYYY-MM-DD); after it, validate and review fail."),
  })
  .describe("An explicit, approved exception: the only way across an environment or account boundary.");

export type BoundaryException = z.output<typeof exceptionSchema>;

/** Whole days from `now` to `expires` (both YYYY-MM-DD); negative once it has passed. */
export function daysUntil(expires: string, now: string): number {
  return Math.round((Date.parse(`${expires}T00:00:00Z`) - Date.parse(`${now}T00:00:00Z`)) / 86_400_000);
}

export type ExceptionStatus = "active" | "expiring" | "expired";

/** An exception holds through its `expires` day; it is expiring within EXCEPTION_WARNING_DAYS of it. */
export function exceptionStatus(expires: string, now: string): ExceptionStatus {
  const days = daysUntil(expires, now);
  if (days < 0) return "expired";
  return days <= EXCEPTION_WARNING_DAYS ? "expiring" : "active";
}

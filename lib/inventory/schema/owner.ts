import { z } from "zod";
import { email, identifier } from "./primitives";

/** A team that answers for credentials: reviews them, gets the alarms, is paged in an incident. */
export const ownerSchema = z
  .strictObject({
    id: identifier,
    name: z.string().min(1),
    email: email.describe("Where alarms and review reminders go."),
    oncall: z
      .string()
      .min(1)
      .optional()
      .describe("On-call rotation to page in an incident, e.g. pagerduty:PXXXXXX."),
  })
  .describe("A team that owns credentials.");

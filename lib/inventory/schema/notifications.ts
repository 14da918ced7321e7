import { z } from "zod";
import { email } from "./primitives";

/**
 * Where security alarms go besides the owners. `oncall` is a reference (`pagerduty:PXXXXXX`), never
 * an integration key: it appears only in outputs and runbooks, never in Terraform state.
 */
export const notificationsSchema = z
  .strictObject({
    security: z
      .strictObject({
        email: email.optional().describe("Security team address, subscribed to the alarm topics."),
        oncall: z.string().min(1).optional().describe("Security on-call rotation, e.g. pagerduty:PXXXXXX (a reference, never a key)."),
      })
      .optional()
      .describe("The security channel: at least one of email and oncall."),
  })
  .describe("Who is told about security alarms besides the credential owners. @default owners only");

export type Notifications = z.output<typeof notificationsSchema>;

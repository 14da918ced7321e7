import { createRemindersHandler } from "./handler";

/**
 * Lambda entry of the reminders bundle: the daily check of the credentials only their issuer can
 * rotate (lib/rotation/reminders/handler.ts).
 */
export const handler = createRemindersHandler();

import { z } from "zod";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A fixed offset from UTC (`+01:00`, `-05:00`, `+05:45`), not a time zone: output never depends on the tz database or the date. */
export const UTC_OFFSET_PATTERN = /^[+-](0\d|1[0-4]):(00|30|45)$/;
/** `HH:MM`, 00:00 to 23:59. */
export const TIME_OF_DAY_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
/** The end of a window may also be 24:00 (midnight at the end of the day). */
export const END_OF_WINDOW_PATTERN = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/**
 * Working hours of an environment: access to its secrets outside them raises an out-of-hours
 * alarm. One window per day, `from` before `to` (an overnight window is not supported).
 */
export const hoursSchema = z
  .strictObject({
    utcOffset: z
      .string()
      .regex(UTC_OFFSET_PATTERN, "must be a fixed UTC offset written +HH:MM or -HH:MM (minutes 00, 30 or 45, at most 14 hours), such as +01:00")
      .describe("Fixed offset from UTC, not a time zone: declare the window wide enough to cover daylight saving time."),
    days: z.array(z.enum(WEEKDAYS)).min(1).describe("Working days, each at most once."),
    from: z.string().regex(TIME_OF_DAY_PATTERN, "must be a time of day written HH:MM (00:00 to 23:59)"),
    to: z.string().regex(END_OF_WINDOW_PATTERN, "must be a time of day written HH:MM (00:01 to 24:00), after from"),
  })
  .describe("Working hours: reads of the environment's secrets outside them raise an out-of-hours alarm. @default no out-of-hours alarm");

export type Hours = z.output<typeof hoursSchema>;

/** Minutes since midnight of `HH:MM` (24:00 is 1440). */
export function minutesOfDay(text: string): number {
  const [hours, minutes] = text.split(":").map(Number);
  return hours * 60 + minutes;
}

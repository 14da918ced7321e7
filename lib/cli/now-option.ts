import { CliError, EXIT } from "./io";

/** The `--now` option's help: the one place the CLI reads the system clock. */
export const NOW_OPTION = ["--now <date>", "today (YYYY-MM-DD) that judges the expiry of exceptions; default: the system date"] as const;

/** `--now` as given, or today's date from the system clock (the CLI edge; library code never reads the clock). */
export function resolveNow(option: string | undefined, name = "--now"): string {
  if (option === undefined) return new Date().toISOString().slice(0, 10);
  // Required only when a date is given: the schema's primitives load zod.
  const { isCalendarDate } = require("../inventory/schema/primitives") as typeof import("../inventory/schema/primitives");
  if (!isCalendarDate(option)) throw new CliError(`${name} must be a date YYYY-MM-DD, got "${option}"`, EXIT.usage);
  return option;
}

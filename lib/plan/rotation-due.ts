/**
 * When a credential is due for rotation, and whether its owner is reminded today: the one place
 * for this date logic (reminders, register and audit use it). Pure: the clock is a parameter,
 * never `Date.now()`. Days are UTC calendar days, so a run at 00:05 and one at 23:55 of the same
 * UTC day agree.
 */

export type RotationState = "ok" | "due-soon" | "overdue" | "unknown";

export interface RotationDueInput {
  /** When the value last changed (from the store's own dates); absent: never seen. */
  readonly lastChange?: Date;
  /** Rotation period (days), at least 1. */
  readonly days: number;
  /** The clock of the caller (the scheduled event's time, `--now`). */
  readonly now: Date;
  /** How many days ahead of the due day it counts as due soon. @default 7 */
  readonly leadDays?: number;
}

export interface RotationDue {
  readonly state: RotationState;
  /** Due day `YYYY-MM-DD` (UTC); empty when the last change is unknown. */
  readonly dueOn: string;
  /** Whole days from today to the due day (negative: overdue); undefined when unknown. */
  readonly daysToDue?: number;
}

const DAY_MS = 86_400_000;

/** The UTC calendar day of an instant, as a day number since 1970-01-01. */
function utcDay(instant: Date): number {
  return Math.floor(instant.getTime() / DAY_MS);
}

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function rotationDue(input: RotationDueInput): RotationDue {
  const { lastChange, days, now } = input;
  const leadDays = input.leadDays ?? 7;
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`rotation period must be a whole number of days, at least 1 (got ${days})`);
  if (!Number.isInteger(leadDays) || leadDays < 0) throw new RangeError(`lead days must be a whole number, at least 0 (got ${leadDays})`);
  if (Number.isNaN(now.getTime())) throw new RangeError("now is not a valid date");
  if (!lastChange || Number.isNaN(lastChange.getTime())) return { state: "unknown", dueOn: "" };
  const dueDay = utcDay(lastChange) + days;
  const daysToDue = dueDay - utcDay(now);
  const state: RotationState = daysToDue < 0 ? "overdue" : daysToDue <= leadDays ? "due-soon" : "ok";
  return { state, dueOn: isoDay(dueDay), daysToDue };
}

/** Days before the due day on which the owner is reminded (T-7, T-1, T-0). */
export const REMIND_BEFORE_DAYS: readonly number[] = Object.freeze([7, 1, 0]);
/** Once overdue, the owner is reminded every this many days (7, 14, ... days late). */
export const OVERDUE_REMINDER_INTERVAL_DAYS = 7;

/**
 * Whether today is a reminder day: T-7, T-1 and T-0 while due soon, then every 7 days while
 * overdue. Stateless and idempotent: a rerun on the same day decides the same. An unknown last
 * change is reported (register, audit), not reminded.
 */
export function shouldRemind(state: RotationState, daysToDue: number | undefined): boolean {
  if (daysToDue === undefined || !Number.isInteger(daysToDue)) return false;
  if (state === "due-soon") return REMIND_BEFORE_DAYS.includes(daysToDue);
  if (state === "overdue") return -daysToDue % OVERDUE_REMINDER_INTERVAL_DAYS === 0;
  return false;
}

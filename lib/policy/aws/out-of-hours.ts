/*
 * The out-of-hours condition of an environment's working hours (`environments[].hours`), as a
 * CloudWatch metric-math expression over the per-minute count `m1`: `IF(<outside>, m1, 0)`.
 *
 * Metric math's time functions read each data point's timestamp in UTC: `DAY(m1)` is the weekday
 * (1 = Monday ... 7 = Sunday), `HOUR(m1)` 0-23, `MINUTE(m1)` 0-59. `hours` is local time at a fixed
 * UTC offset (never a time zone: no tz database, no daylight saving), so the window is shifted to
 * UTC here, with the day wrap (a Monday 00:30 start at +01:00 is Sunday 23:30 UTC) worked out in
 * minutes of the week. Pure: no cdktf.
 */
import { minutesOfDay, WEEKDAYS, type Hours } from "../../inventory/schema/hours";

export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
/** `MetricDataQuery.Expression` of PutMetricAlarm is at most 2,048 characters (CloudWatch API reference). */
export const METRIC_MATH_EXPRESSION_MAX = 2048;

/** Half-open minutes of the UTC week, 0 = Monday 00:00 UTC. */
export type WeekInterval = readonly [start: number, end: number];

/** `+05:45` → 345, `-03:30` → -210: local time = UTC + offset. */
export function utcOffsetMinutes(offset: string): number {
  const sign = offset.startsWith("-") ? -1 : 1;
  return sign * minutesOfDay(offset.slice(1));
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

/** Working minutes of the UTC week: sorted, disjoint, non-adjacent intervals. */
export function workingIntervalsUtc(hours: Hours): WeekInterval[] {
  const offset = utcOffsetMinutes(hours.utcOffset);
  const from = minutesOfDay(hours.from);
  const length = minutesOfDay(hours.to) - from;
  const raw: [number, number][] = [];
  for (const day of new Set(hours.days)) {
    if (length <= 0) continue;
    const start = mod(WEEKDAYS.indexOf(day) * MINUTES_PER_DAY + from - offset, MINUTES_PER_WEEK);
    const end = start + length;
    if (end <= MINUTES_PER_WEEK) raw.push([start, end]);
    else raw.push([start, MINUTES_PER_WEEK], [0, end - MINUTES_PER_WEEK]);
  }
  raw.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of raw) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** Minutes of the UTC week outside working hours: the complement of workingIntervalsUtc. */
export function outsideIntervalsUtc(hours: Hours): WeekInterval[] {
  const out: WeekInterval[] = [];
  let cursor = 0;
  for (const [start, end] of workingIntervalsUtc(hours)) {
    if (start > cursor) out.push([cursor, start]);
    cursor = end;
  }
  if (cursor < MINUTES_PER_WEEK) out.push([cursor, MINUTES_PER_WEEK]);
  return out;
}

const TIME_OF_DAY = "(HOUR(m1)*60+MINUTE(m1))";

function dayClause(days: readonly number[]): string | undefined {
  if (days.length === 7) return undefined;
  // days: sorted 0-based weekdays; DAY() is 1-based.
  const ranges: [number, number][] = [];
  for (const day of days) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === day - 1) last[1] = day;
    else ranges.push([day, day]);
  }
  const parts = ranges.map(([a, b]) => (a === b ? `DAY(m1)==${a + 1}` : `(DAY(m1)>=${a + 1} && DAY(m1)<=${b + 1})`));
  return parts.length === 1 ? parts[0] : `(${parts.join(" || ")})`;
}

function timeClause(start: number, end: number): string | undefined {
  if (start === 0 && end === MINUTES_PER_DAY) return undefined;
  if (start === 0) return `${TIME_OF_DAY}<${end}`;
  if (end === MINUTES_PER_DAY) return `${TIME_OF_DAY}>=${start}`;
  return `(${TIME_OF_DAY}>=${start} && ${TIME_OF_DAY}<${end})`;
}

/**
 * The condition that a data point's timestamp is outside working hours, or undefined when the
 * working hours cover the whole week (nothing is ever out of hours). Intervals of one day that repeat
 * on other days share one clause (`(DAY(m1)>=1 && DAY(m1)<=5) && ...`).
 */
export function outOfHoursCondition(hours: Hours): string | undefined {
  const byTime = new Map<string, { start: number; end: number; days: number[] }>();
  for (const [start, end] of outsideIntervalsUtc(hours)) {
    for (let day = Math.floor(start / MINUTES_PER_DAY); day * MINUTES_PER_DAY < end; day++) {
      const a = Math.max(start, day * MINUTES_PER_DAY) - day * MINUTES_PER_DAY;
      const b = Math.min(end, (day + 1) * MINUTES_PER_DAY) - day * MINUTES_PER_DAY;
      const key = `${a}-${b}`;
      const entry = byTime.get(key) ?? { start: a, end: b, days: [] };
      entry.days.push(day);
      byTime.set(key, entry);
    }
  }
  if (byTime.size === 0) return undefined;
  const terms = [...byTime.values()]
    .sort((x, y) => x.start - y.start || x.end - y.end)
    .map(({ start, end, days }) => {
      const clauses = [dayClause(days), timeClause(start, end)].filter((c): c is string => c !== undefined);
      return clauses.length === 0 ? "1" : clauses.length === 1 ? clauses[0]! : `(${clauses.join(" && ")})`;
    });
  return terms.length === 1 ? terms[0] : terms.join(" || ");
}

/**
 * `IF(<outside>, m1, 0)`: the per-minute count where it falls outside working hours, else 0; undefined
 * when nothing is out of hours. Throws when the expression would exceed CloudWatch's 2,048 characters
 * (not reachable with one window per day: the property test measures the longest, see
 * test/policy/aws/out-of-hours.property.test.ts), rather than emit an alarm CloudWatch refuses.
 */
export function outOfHoursExpression(hours: Hours): string | undefined {
  const condition = outOfHoursCondition(hours);
  if (condition === undefined) return undefined;
  const expression = `IF(${condition}, m1, 0)`;
  if (expression.length > METRIC_MATH_EXPRESSION_MAX) {
    throw new Error(`the out-of-hours expression is ${expression.length} characters, more than CloudWatch's ${METRIC_MATH_EXPRESSION_MAX}`);
  }
  return expression;
}

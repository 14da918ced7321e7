import fc from "fast-check";
import { METRIC_MATH_EXPRESSION_MAX, MINUTES_PER_WEEK, outOfHoursExpression } from "../../../lib/policy/aws/out-of-hours";
import { WEEKDAYS, type Hours } from "../../../lib/inventory/schema/hours";
import { compileMetricMath } from "../../support/metric-math";
import { propertyRuns } from "../../support/property-runs";

/**
 * Reference, written independently of the generator: a UTC minute of the week is out of hours when,
 * read as local time at the offset (local = UTC + offset), its day is not a working day or its time
 * is not in [from, to).
 */
function referenceOutside(hours: Hours, utcMinuteOfWeek: number): boolean {
  const [sign, hh, mm] = [hours.utcOffset[0], Number(hours.utcOffset.slice(1, 3)), Number(hours.utcOffset.slice(4, 6))];
  const offset = (sign === "-" ? -1 : 1) * (hh * 60 + mm);
  const utc = new Date(Date.UTC(2024, 0, 1, 0, utcMinuteOfWeek)); // 2024-01-01 is a Monday
  const local = new Date(utc.getTime() + offset * 60_000);
  const localDay = WEEKDAYS[(local.getUTCDay() + 6) % 7]!;
  const localMinute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const [fh, fm] = hours.from.split(":").map(Number);
  const [th, tm] = hours.to.split(":").map(Number);
  const inside = hours.days.includes(localDay) && localMinute >= fh! * 60 + fm! && localMinute < th! * 60 + tm!;
  return !inside;
}

/** Compares the generated expression with the reference on every minute of a week; returns the mismatches. */
function mismatches(hours: Hours): string[] {
  const expression = outOfHoursExpression(hours);
  const evaluate = expression === undefined ? () => 0 : compileMetricMath(expression);
  const out: string[] = [];
  for (let minute = 0; minute < MINUTES_PER_WEEK; minute++) {
    const point = { day: Math.floor(minute / 1440) + 1, hour: Math.floor((minute % 1440) / 60), minute: minute % 60, value: 1 };
    const got = evaluate(point) === 1;
    if (got !== referenceOutside(hours, minute)) out.push(`DAY ${point.day} ${point.hour}:${point.minute} generated ${got}`);
  }
  return out;
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

const hoursArbitrary: fc.Arbitrary<Hours> = fc
  .record({
    sign: fc.constantFrom("+", "-"),
    offsetHours: fc.integer({ min: 0, max: 14 }),
    offsetMinutes: fc.constantFrom("00", "30", "45"),
    days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
    from: fc.integer({ min: 0, max: 1439 }),
    length: fc.integer({ min: 1, max: 1440 }),
  })
  .map(({ sign, offsetHours, offsetMinutes, days, from, length }) => ({
    utcOffset: `${sign}${String(offsetHours).padStart(2, "0")}:${offsetMinutes}`,
    days,
    from: hhmm(from),
    to: hhmm(Math.min(1440, from + length)),
  }));

describe("out-of-hours expression", () => {
  it.each<[string, Hours]>([
    ["office hours at UTC", { utcOffset: "+00:00", days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00" }],
    [
      "a positive offset pulls Monday's early start into Sunday UTC (day wrap backwards)",
      { utcOffset: "+05:45", days: ["mon"], from: "00:30", to: "12:00" },
    ],
    [
      "a negative offset pushes Sunday's late end into Monday UTC (day wrap across the week end)",
      { utcOffset: "-08:00", days: ["sun"], from: "18:00", to: "24:00" },
    ],
    ["the largest offsets", { utcOffset: "-14:45", days: ["sat", "sun"], from: "00:00", to: "23:59" }],
    ["a window to midnight", { utcOffset: "+01:00", days: ["mon", "wed", "fri"], from: "07:00", to: "24:00" }],
  ])("matches the reference on all 10,080 minutes of the week: %s", (_name, hours) => {
    expect(mismatches(hours)).toEqual([]);
  });

  it("is undefined when the working hours cover the whole week (nothing can be out of hours)", () => {
    expect(outOfHoursExpression({ utcOffset: "+03:00", days: [...WEEKDAYS], from: "00:00", to: "24:00" })).toBeUndefined();
  });

  it("is IF(<outside>, m1, 0): the count where out of hours, else 0", () => {
    const expression = outOfHoursExpression({
      utcOffset: "+01:00",
      days: ["mon", "tue", "wed", "thu", "fri"],
      from: "07:00",
      to: "20:00",
    })!;
    expect(expression).toMatch(/^IF\(.*, m1, 0\)$/);
    const evaluate = compileMetricMath(expression);
    // Monday 06:30 UTC is 07:30 at +01:00 (inside); Saturday 12:00 UTC is outside.
    expect(evaluate({ day: 1, hour: 6, minute: 30, value: 4 })).toBe(0);
    expect(evaluate({ day: 6, hour: 12, minute: 0, value: 4 })).toBe(4);
  });

  it("property: matches the reference on every minute of the week for any hours and offset, within CloudWatch's expression limit", () => {
    let longest = 0;
    fc.assert(
      fc.property(hoursArbitrary, (hours) => {
        const expression = outOfHoursExpression(hours);
        longest = Math.max(longest, expression?.length ?? 0);
        expect(expression === undefined || expression.length <= METRIC_MATH_EXPRESSION_MAX).toBe(true);
        expect(mismatches(hours)).toEqual([]);
      }),
      { numRuns: propertyRuns(150) },
    );
    expect(longest).toBeLessThanOrEqual(METRIC_MATH_EXPRESSION_MAX);
  });
});

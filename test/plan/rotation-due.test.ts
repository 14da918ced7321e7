import fc from "fast-check";
import { rotationDue, shouldRemind } from "../../lib/plan/rotation-due";
import { propertyRuns } from "../support/property-runs";

const at = (text: string) => new Date(text);

describe("rotationDue", () => {
  it("is ok well before the due day, due soon within seven days, overdue after", () => {
    const lastChange = at("2026-01-01T10:00:00Z");
    expect(rotationDue({ lastChange, days: 30, now: at("2026-01-20T00:00:00Z") })).toEqual({
      state: "ok",
      dueOn: "2026-01-31",
      daysToDue: 11,
    });
    expect(rotationDue({ lastChange, days: 30, now: at("2026-01-24T23:59:59Z") })).toEqual({
      state: "due-soon",
      dueOn: "2026-01-31",
      daysToDue: 7,
    });
    expect(rotationDue({ lastChange, days: 30, now: at("2026-01-31T23:00:00Z") })).toEqual({
      state: "due-soon",
      dueOn: "2026-01-31",
      daysToDue: 0,
    });
    expect(rotationDue({ lastChange, days: 30, now: at("2026-02-01T00:00:00Z") })).toEqual({
      state: "overdue",
      dueOn: "2026-01-31",
      daysToDue: -1,
    });
  });

  it("counts UTC calendar days, so every run of one day agrees", () => {
    const lastChange = at("2026-03-10T23:59:00Z");
    const early = rotationDue({ lastChange, days: 5, now: at("2026-03-12T00:01:00Z") });
    const late = rotationDue({ lastChange, days: 5, now: at("2026-03-12T23:58:00Z") });
    expect(early).toEqual(late);
    expect(early).toEqual({ state: "due-soon", dueOn: "2026-03-15", daysToDue: 3 });
  });

  it("is unknown without a last change, or with an invalid one", () => {
    expect(rotationDue({ days: 30, now: at("2026-01-01T00:00:00Z") })).toEqual({ state: "unknown", dueOn: "" });
    expect(rotationDue({ lastChange: new Date(Number.NaN), days: 30, now: at("2026-01-01T00:00:00Z") }).state).toBe("unknown");
  });

  it("honours another lead time", () => {
    expect(rotationDue({ lastChange: at("2026-01-01T00:00:00Z"), days: 30, now: at("2026-01-20T00:00:00Z"), leadDays: 14 }).state).toBe(
      "due-soon",
    );
  });

  it("refuses a period that is not a whole number of days, and an invalid clock", () => {
    expect(() => rotationDue({ lastChange: at("2026-01-01T00:00:00Z"), days: 0, now: at("2026-01-02T00:00:00Z") })).toThrow(RangeError);
    expect(() => rotationDue({ lastChange: at("2026-01-01T00:00:00Z"), days: 1.5, now: at("2026-01-02T00:00:00Z") })).toThrow(RangeError);
    expect(() => rotationDue({ lastChange: at("2026-01-01T00:00:00Z"), days: 30, now: new Date(Number.NaN) })).toThrow(RangeError);
  });
});

describe("shouldRemind", () => {
  it("reminds at T-7, T-1 and T-0, then every seven days overdue", () => {
    const days = Array.from({ length: 40 }, (_, i) => 10 - i); // daysToDue from 10 down to -29
    const reminded = days.filter((d) =>
      shouldRemind(rotationDue({ lastChange: at("2026-01-01T00:00:00Z"), days: 30, now: new Date(Date.UTC(2026, 0, 31 - d)) }).state, d),
    );
    expect(reminded).toEqual([7, 1, 0, -7, -14, -21, -28]);
  });

  it("never reminds while ok or unknown", () => {
    expect(shouldRemind("ok", 7)).toBe(false);
    expect(shouldRemind("unknown", undefined)).toBe(false);
    expect(shouldRemind("unknown", 0)).toBe(false);
  });

  const DAY = 86_400_000;
  const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }).map((ms) => new Date(ms));

  it("property: the due day is always lastChange's UTC day plus the period, whatever the clock", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 800 }), instant, (lastChange, days, now) => {
        const due = rotationDue({ lastChange, days, now });
        const expected = new Date(Math.floor(lastChange.getTime() / DAY) * DAY + days * DAY).toISOString().slice(0, 10);
        return due.dueOn === expected && due.daysToDue! < 0 === (due.state === "overdue");
      }),
      { numRuns: propertyRuns(100) },
    );
  });

  it("property: once overdue, every seven consecutive days hold exactly one reminder, and a rerun the same day decides the same", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 200 }), (lastChange, days, firstLateDay) => {
        const dueDay = Math.floor(lastChange.getTime() / DAY) + days;
        const reminders = Array.from({ length: 7 }, (_, offset) => {
          const now = new Date((dueDay + firstLateDay + offset) * DAY + 3_600_000);
          const again = new Date(now.getTime() + 20 * 3_600_000); // later the same UTC day
          const a = rotationDue({ lastChange, days, now });
          const b = rotationDue({ lastChange, days, now: again });
          if (shouldRemind(a.state, a.daysToDue) !== shouldRemind(b.state, b.daysToDue)) throw new Error("rerun disagrees");
          return shouldRemind(a.state, a.daysToDue);
        });
        return reminders.filter(Boolean).length === 1;
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});

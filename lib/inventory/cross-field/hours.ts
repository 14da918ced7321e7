import { END_OF_WINDOW_PATTERN, TIME_OF_DAY_PATTERN, minutesOfDay } from "../schema/hours";
import { shown } from "../display";
import { asArray, asRecord, asString, type RuleContext } from "./raw-view";

/** `hours`: one window a day, `from` before `to` (an overnight window is not supported), each day once. */
export function checkHours(ctx: RuleContext): void {
  for (const env of ctx.environments) {
    const hours = asRecord(env.value.hours);
    if (!hours) continue;
    const path = [...env.path, "hours"];
    const from = asString(hours.from);
    const to = asString(hours.to);
    if (
      from !== undefined &&
      to !== undefined &&
      TIME_OF_DAY_PATTERN.test(from) &&
      END_OF_WINDOW_PATTERN.test(to) &&
      minutesOfDay(from) >= minutesOfDay(to)
    ) {
      ctx.report(
        [...path, "to"],
        "hours-window-empty",
        `${to} is not after from (${from}): the window runs from from to to on each listed day; an overnight window is not supported (end the day at 24:00 and start the next at 00:00 instead)`,
      );
    }
    const seen = new Set<string>();
    asArray(hours.days).forEach((day, index) => {
      if (typeof day !== "string") return;
      if (seen.has(day)) ctx.report([...path, "days", index], "duplicate-day", `lists ${shown(day)} more than once; each day at most once`);
      seen.add(day);
    });
  }
}

/**
 * Durations in the inventory are written the way operators say them: `30m`, `1h`, `72h`, `7d`.
 * Terraform and Vault take seconds, so everything downstream works in seconds.
 */
export const DURATION_PATTERN = /^([1-9][0-9]{0,5})(s|m|h|d)$/;

const SECONDS_PER_UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds in a duration such as `30m`; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * SECONDS_PER_UNIT[match[2]];
}

/** The shortest exact spelling of a number of seconds (`3600` -> `1h`), for messages and reports. */
export function formatDuration(seconds: number): string {
  for (const unit of ["d", "h", "m"] as const) {
    const size = SECONDS_PER_UNIT[unit];
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/*
 * The bench's results as rows (what, size, time, peak RSS, target, met?), the targets, the
 * readable table and the one JSON line. Pure: measurements in, text out.
 */
import { median } from "./measure";

/** One run of a command, as bench/measure.ts measured it. */
export interface Sample {
  readonly seconds: number;
  readonly peakRssMb?: number;
  readonly timedOut: boolean;
}

export type Status = "ok" | "timed out" | "skipped";

export interface Row {
  readonly what: string;
  /** `1000`, or a label: `example`, `-`. */
  readonly size: string;
  readonly status: Status;
  /** How many runs the median is of (0 when skipped). */
  readonly runs: number;
  /** Median wall time; absent when timed out, skipped, or a ratio row. */
  readonly seconds?: number;
  readonly peakRssMb?: number;
  /** A ratio row: numerator / denominator of time and of peak RSS. */
  readonly ratio?: { readonly time: number; readonly memory?: number };
  /** The target, in words; absent where the issue sets none. */
  readonly target?: string;
  /** Whether the target is met; absent without a target or when not measured. */
  readonly met?: boolean;
  readonly note?: string;
}

/** A time limit (seconds) or ratio limits; every bound given must hold. */
export interface Target {
  readonly maxSeconds?: number;
  readonly maxTimeRatio?: number;
  readonly maxMemoryRatio?: number;
  readonly minTimeRatio?: number;
}

/** The targets (issue 13) by command and size in connectors per environment. */
export const TARGETS = {
  simulate: (connectors: number): Target | undefined =>
    connectors === 1000 ? { maxSeconds: 10 } : connectors === 3000 ? { maxSeconds: 60 } : undefined,
  review: (connectors: number): Target | undefined => (connectors === 1000 ? { maxSeconds: 10 } : undefined),
  validate: (connectors: number): Target | undefined => (connectors === 1000 ? { maxSeconds: 0.5 } : undefined),
  synthRatio: (connectors: number): Target | undefined =>
    connectors === 1000 || connectors === 3000 ? { maxTimeRatio: 1.2, maxMemoryRatio: 1.2 } : undefined,
  help: { maxSeconds: 0.3 } as Target,
  exampleSynth: { maxSeconds: 1 } as Target,
  exampleSpeedup: { minTimeRatio: 6 } as Target,
};

export function describeTarget(target: Target): string {
  const parts: string[] = [];
  if (target.maxSeconds !== undefined) parts.push(`<= ${target.maxSeconds} s`);
  if (target.maxTimeRatio !== undefined) parts.push(`time <= ${target.maxTimeRatio}x`);
  if (target.maxMemoryRatio !== undefined) parts.push(`memory <= ${target.maxMemoryRatio}x`);
  if (target.minTimeRatio !== undefined) parts.push(`>= ${target.minTimeRatio}x`);
  return parts.join(", ");
}

/** A command's row: the median of its runs; timed out when any run timed out (the rest were not run). */
export function commandRow(what: string, size: string, samples: readonly Sample[], target?: Target, note?: string): Row {
  const common = { what, size, ...(target ? { target: describeTarget(target) } : {}), ...(note ? { note } : {}) };
  if (samples.length === 0) return { ...common, status: "skipped", runs: 0 };
  if (samples.some((s) => s.timedOut)) return { ...common, status: "timed out", runs: samples.length, ...(target ? { met: false } : {}) };
  const seconds = median(samples.map((s) => s.seconds));
  const rss = samples.flatMap((s) => (s.peakRssMb === undefined ? [] : [s.peakRssMb]));
  const peakRssMb = rss.length > 0 ? median(rss) : undefined;
  return {
    ...common,
    status: "ok",
    runs: samples.length,
    seconds,
    ...(peakRssMb !== undefined ? { peakRssMb } : {}),
    ...(target ? { met: meets(target, { seconds }) } : {}),
  };
}

/** numerator / denominator (time and peak RSS); skipped unless both were measured. */
export function ratioRow(what: string, size: string, numerator: Row, denominator: Row, target?: Target, note?: string): Row {
  const common = { what, size, ...(target ? { target: describeTarget(target) } : {}), ...(note ? { note } : {}) };
  if (numerator.seconds === undefined || denominator.seconds === undefined || denominator.seconds === 0) {
    const timedOut = numerator.status === "timed out";
    return { ...common, status: timedOut ? "timed out" : "skipped", runs: 0, ...(target && timedOut ? { met: false } : {}) };
  }
  const time = numerator.seconds / denominator.seconds;
  const memory = numerator.peakRssMb !== undefined && denominator.peakRssMb ? numerator.peakRssMb / denominator.peakRssMb : undefined;
  const ratio = { time, ...(memory !== undefined ? { memory } : {}) };
  return {
    ...common,
    status: "ok",
    runs: Math.min(numerator.runs, denominator.runs),
    ratio,
    ...(target ? { met: meets(target, { ratio }) } : {}),
  };
}

function meets(
  target: Target,
  value: { readonly seconds?: number; readonly ratio?: { readonly time: number; readonly memory?: number } },
): boolean {
  const checks: boolean[] = [];
  if (target.maxSeconds !== undefined) checks.push(value.seconds !== undefined && value.seconds <= target.maxSeconds);
  if (target.maxTimeRatio !== undefined) checks.push(value.ratio !== undefined && value.ratio.time <= target.maxTimeRatio);
  if (target.maxMemoryRatio !== undefined) checks.push(value.ratio?.memory !== undefined && value.ratio.memory <= target.maxMemoryRatio);
  if (target.minTimeRatio !== undefined) checks.push(value.ratio !== undefined && value.ratio.time >= target.minTimeRatio);
  return checks.every(Boolean);
}

const HEADER = ["what", "size", "time", "peak RSS", "target", "met?"];

function cells(row: Row, timeoutSeconds: number): string[] {
  const runs = row.runs > 1 ? ` (median of ${row.runs})` : "";
  let time: string;
  let rss: string;
  if (row.status === "skipped") [time, rss] = ["skipped", "-"];
  else if (row.status === "timed out") [time, rss] = [row.ratio || row.runs === 0 ? "timed out" : `timed out (> ${timeoutSeconds} s)`, "-"];
  else if (row.ratio)
    [time, rss] = [`${row.ratio.time.toFixed(2)}x`, row.ratio.memory === undefined ? "-" : `${row.ratio.memory.toFixed(2)}x`];
  else [time, rss] = [`${formatSeconds(row.seconds!)}${runs}`, row.peakRssMb === undefined ? "-" : `${Math.round(row.peakRssMb)} MiB`];
  const met = row.met === undefined ? "-" : row.met ? "yes" : "NO";
  return [row.what, row.size, time, rss, row.target ?? "-", met];
}

function formatSeconds(seconds: number): string {
  return seconds < 10 ? `${seconds.toFixed(2)} s` : `${seconds.toFixed(1)} s`;
}

/** A Markdown table (readable as text too), with each row's note below it. */
export function formatTable(rows: readonly Row[], timeoutSeconds: number): string {
  const body = rows.map((row) => cells(row, timeoutSeconds));
  const widths = HEADER.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (c: readonly string[]) => `| ${c.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  const notes = rows.flatMap((row) => (row.note ? [`- ${row.what} (${row.size}): ${row.note}`] : []));
  return [
    line(HEADER),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...body.map(line),
    ...(notes.length > 0 ? ["", ...notes] : []),
  ].join("\n");
}

/** The same facts as one line of JSON, numbers rounded to what a machine on this load can tell apart. */
export function jsonLine(facts: { readonly rows: readonly Row[]; readonly [key: string]: unknown }): string {
  return JSON.stringify(facts, (_key, value: unknown) =>
    typeof value === "number" && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value,
  );
}

/*
 * One command as a whole process: wall time from spawn to exit, peak RSS (GNU time's %M, the maximum
 * resident set of the process), exit code, and a timeout that kills the command's whole process
 * group. Every child still running is killed if the bench itself is interrupted (killRunning).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

export interface Measurement {
  readonly seconds: number;
  /** Undefined when /usr/bin/time is missing or the command was killed. */
  readonly peakRssMb?: number;
  /** Null when the command was killed (timeout). */
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  /** The end of what it wrote to stderr, for the error message of a failed command. */
  readonly stderrTail: string;
}

export interface MeasureOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutSeconds: number;
  /** Where GNU time writes the peak RSS (a file in the bench's temporary directory). */
  readonly scratch: string;
}

const GNU_TIME = "/usr/bin/time";
const running = new Set<ChildProcess>();

/** Kills every measured command still running (their whole process groups). */
export function killRunning(): void {
  for (const child of running) killGroup(child);
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

export async function measure(command: string, args: readonly string[], options: MeasureOptions): Promise<Measurement> {
  const rssFile = join(options.scratch, `rss-${process.pid}-${running.size}-${Date.now()}.txt`);
  const timed = existsSync(GNU_TIME);
  const [file, argv] = timed ? [GNU_TIME, ["-f", "%M", "-o", rssFile, command, ...args]] : [command, [...args]];
  const start = process.hrtime.bigint();
  // Its own process group (detached), so that a timeout kills what it started too.
  const child = spawn(file, argv, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  running.add(child);
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child);
  }, options.timeoutSeconds * 1000);
  try {
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code, signal) => resolve(signal ? null : code));
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return {
      seconds,
      peakRssMb: timedOut ? undefined : peakRss(rssFile),
      exitCode: timedOut ? null : exitCode,
      timedOut,
      stderrTail: stderr,
    };
  } finally {
    clearTimeout(timer);
    running.delete(child);
    rmSync(rssFile, { force: true });
  }
}

/** GNU time writes KiB on its last line (earlier lines say how the command ended). */
function peakRss(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const last = readFileSync(file, "utf8").trim().split("\n").pop() ?? "";
  return /^\d+$/.test(last) ? Number(last) / 1024 : undefined;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("the median of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

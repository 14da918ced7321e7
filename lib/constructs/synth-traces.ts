/*
 * What a synth spends on stack traces nobody reads, and how it stops.
 *
 * cdktf records where every token was created (each reference such as `${aws_iam_role.x.arn}`,
 * each Lazy, each intrinsic): a complete stack trace, with the frame limit lifted and every frame
 * formatted into a string, kept in the token for as long as the construct tree lives. It appears
 * only in the text of a resolution error, and synth errors are reported here by spec path. At
 * 1,000 connectors in 4 environments that is ~32,000 traces: half the time of building the
 * construct tree and ~170 MiB of heap. With source maps on (tsx, ts-node, --enable-source-maps)
 * every frame is also mapped back to its source.
 *
 * `withoutTokenTraces` turns both off for the duration of one synth and restores them afterwards.
 * Output does not change: a trace is never written. cdktf's capture lives in a private module;
 * when a cdktf version does not have it, nothing is replaced and the synth is only slower.
 */

interface StackTraceModule {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- V8's captureStackTrace takes any function as the frame to stop at
  captureStackTrace: (below?: Function) => string[];
}

/** cdktf's module of the capture (it calls the export at each use, so replacing it takes effect). */
function cdktfStackTraceModule(): StackTraceModule | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require("cdktf/lib/tokens/private/stack-trace") as Partial<StackTraceModule>;
    return typeof loaded.captureStackTrace === "function" ? (loaded as StackTraceModule) : undefined;
  } catch {
    return undefined;
  }
}

/** An empty trace (cdktf then leaves the creation stack out of a resolution error's message). */
function noTrace(): string[] {
  return [];
}

/** Runs `work` with cdktf's token stack traces and source-mapped traces off, then restores both. */
export function withoutTokenTraces<T>(work: () => T): T {
  const module = cdktfStackTraceModule();
  const capture = module?.captureStackTrace;
  const sourceMaps = process.sourceMapsEnabled;
  process.setSourceMapsEnabled(false);
  if (module) module.captureStackTrace = noTrace;
  try {
    return work();
  } finally {
    if (module && capture) module.captureStackTrace = capture;
    process.setSourceMapsEnabled(sourceMaps);
  }
}

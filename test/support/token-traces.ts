/*
 * cdktf's token stack traces, off for the unit suite.
 *
 * cdktf records a complete stack trace where each token is created (every reference, Lazy and
 * intrinsic), and under jest each frame of it is also mapped back to its TypeScript source: a
 * quarter of the suite's CPU went there, for traces that only a resolution error's text would ever
 * show. The library's own synth turns them off the same way (lib/constructs/synth-traces.ts); tests
 * that build trees with cdktf's Testing helpers do not pass through it, so setup.ts turns them off
 * for every test file. A test about traces turns them back on for itself (tokenTracesOn).
 *
 * The module is per test file (jest's registry), so this touches only the file's own cdktf.
 */
import * as cdktfTraces from "cdktf/lib/tokens/private/stack-trace";

type Capture = typeof cdktfTraces.captureStackTrace;
const cdktfCapture: Capture = cdktfTraces.captureStackTrace;
const noTrace: Capture = () => [];

/** Tokens made from now on carry an empty creation stack. */
export function tokenTracesOff(): void {
  (cdktfTraces as { captureStackTrace: Capture }).captureStackTrace = noTrace;
}

/** cdktf's own capture again. */
export function tokenTracesOn(): void {
  (cdktfTraces as { captureStackTrace: Capture }).captureStackTrace = cdktfCapture;
}

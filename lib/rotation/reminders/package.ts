import { join } from "node:path";
import { functionBundle } from "../bundle";
import { LAMBDA_RUNTIME, ROTATION_HANDLER } from "../contract";

/** The reminder checker's code, ready for `aws_lambda_function` (filename + source_code_hash). */
export interface RemindersFunctionPackage {
  readonly zip: Buffer;
  /** Base64 SHA-256 of the zip, the form `source_code_hash` expects. */
  readonly sha256Base64: string;
  readonly handler: string;
  readonly runtime: typeof LAMBDA_RUNTIME;
}

/** The checker's name among the prebuilt bundles (`reminders.zip`); never a rotation target. */
export const REMINDERS_BUNDLE = "reminders";

let built: RemindersFunctionPackage | undefined;

/**
 * Bundles the checker with esbuild and zips it deterministically (../bundle.ts; build time, during
 * synth; memoized per process), or in an installed package takes the prebuilt zip shipped with it.
 */
export function packageRemindersFunction(): RemindersFunctionPackage {
  built ??= {
    ...functionBundle(REMINDERS_BUNDLE, join("lib", "rotation", "reminders", "entry.ts"), ["@aws-sdk/*"]),
    handler: ROTATION_HANDLER,
    runtime: LAMBDA_RUNTIME,
  };
  return built;
}

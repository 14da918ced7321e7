import { join } from "node:path";
import { functionBundle } from "../bundle";
import { NOTIFIER_HANDLER, NOTIFIER_RUNTIME } from "./contract";

/** The notifier's code, ready for `aws_lambda_function` (filename + source_code_hash). */
export interface NotifierFunctionPackage {
  readonly zip: Buffer;
  /** Base64 SHA-256 of the zip, the form `source_code_hash` expects. */
  readonly sha256Base64: string;
  readonly handler: string;
  readonly runtime: typeof NOTIFIER_RUNTIME;
}

/** The notifier's name among the prebuilt bundles (`notifier.zip`). */
export const NOTIFIER_BUNDLE = "notifier";

let built: NotifierFunctionPackage | undefined;

/**
 * Bundles the notifier with esbuild and zips it deterministically (../bundle.ts; build time, during
 * synth; memoized per process), or in an installed package takes the prebuilt zip shipped with it.
 */
export function packageNotifierFunction(): NotifierFunctionPackage {
  built ??= buildPackage();
  return built;
}

function buildPackage(): NotifierFunctionPackage {
  const bundle = functionBundle(NOTIFIER_BUNDLE, join("lib", "rotation", "notifier", "entry.ts"), ["@aws-sdk/*"]);
  return { ...bundle, handler: NOTIFIER_HANDLER, runtime: NOTIFIER_RUNTIME };
}

import { join } from "node:path";
import { bundleDeterministically, entryPointOf } from "../bundle";
import { NOTIFIER_HANDLER, NOTIFIER_RUNTIME } from "./contract";

/** The notifier's code, ready for `aws_lambda_function` (filename + source_code_hash). */
export interface NotifierFunctionPackage {
  readonly zip: Buffer;
  /** Base64 SHA-256 of the zip, the form `source_code_hash` expects. */
  readonly sha256Base64: string;
  readonly handler: string;
  readonly runtime: typeof NOTIFIER_RUNTIME;
}

let built: NotifierFunctionPackage | undefined;

/**
 * Bundles the notifier with esbuild and zips it deterministically (../bundle.ts; build time, during
 * synth; memoized per process).
 */
export function packageNotifierFunction(): NotifierFunctionPackage {
  built ??= buildPackage();
  return built;
}

function buildPackage(): NotifierFunctionPackage {
  const bundle = bundleDeterministically(
    entryPointOf(join("lib", "rotation", "notifier", "entry.ts"), join(__dirname, "entry.js"), "the rotation notifier"),
    ["@aws-sdk/*"],
  );
  return { ...bundle, handler: NOTIFIER_HANDLER, runtime: NOTIFIER_RUNTIME };
}

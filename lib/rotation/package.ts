import { join } from "node:path";
import { functionBundle } from "./bundle";
import { ROTATION_HANDLER, ROTATION_RUNTIME, ROTATION_TARGETS, type RotationTarget } from "./contract";

export { ROTATION_TARGETS, type RotationTarget };

/** A rotation function's code, ready for `aws_lambda_function` (filename + source_code_hash). */
export interface RotationFunctionPackage {
  readonly zip: Buffer;
  /** Base64 SHA-256 of the zip, the form `source_code_hash` expects. */
  readonly sha256Base64: string;
  readonly handler: string;
  readonly runtime: typeof ROTATION_RUNTIME;
}

/**
 * Bundles one target with esbuild and zips it deterministically (./bundle.ts), or in an installed
 * package takes the prebuilt zip shipped with it (verified by SHA-256). Build-time code (runs
 * during synth); memoized per process, because synth may ask for the same target once per
 * environment.
 */
export function packageRotationFunction(target: RotationTarget): RotationFunctionPackage {
  if (!ROTATION_TARGETS.includes(target)) {
    throw new Error(`unknown rotation target "${String(target)}"; expected one of ${ROTATION_TARGETS.join(", ")}`);
  }
  let built = packages.get(target);
  if (!built) {
    built = buildPackage(target);
    packages.set(target, built);
  }
  return built;
}

/** The Node Lambda runtime provides SDK v3; pg-native is an optional add-on pg never needs here. */
const ROTATION_EXTERNALS = ["@aws-sdk/*", "pg-native"];

// Per-process memo of pure build outputs (same input, same bytes), not construct state.
const packages = new Map<RotationTarget, RotationFunctionPackage>();

function buildPackage(target: RotationTarget): RotationFunctionPackage {
  const bundle = functionBundle(target, join("lib", "rotation", "entries", `${target}.ts`), ROTATION_EXTERNALS);
  return { ...bundle, handler: ROTATION_HANDLER, runtime: ROTATION_RUNTIME };
}

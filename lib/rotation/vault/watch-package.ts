import { join } from "node:path";
import { functionBundle } from "../bundle";
import { LAMBDA_RUNTIME, ROTATION_HANDLER } from "../contract";

/** The static-role watcher's code, ready for `aws_lambda_function` (filename + source_code_hash). */
export interface VaultWatchFunctionPackage {
  readonly zip: Buffer;
  /** Base64 SHA-256 of the zip, the form `source_code_hash` expects. */
  readonly sha256Base64: string;
  readonly handler: string;
  readonly runtime: typeof LAMBDA_RUNTIME;
}

/** The watcher's name among the prebuilt bundles (`vault-watch.zip`); never a rotation target. */
export const VAULT_WATCH_BUNDLE = "vault-watch";

let built: VaultWatchFunctionPackage | undefined;

/**
 * Bundles the watcher with esbuild and zips it deterministically (../bundle.ts; build time, during
 * synth; memoized per process), or in an installed package takes the prebuilt zip shipped with it.
 */
export function packageVaultWatchFunction(): VaultWatchFunctionPackage {
  built ??= {
    ...functionBundle(VAULT_WATCH_BUNDLE, join("lib", "rotation", "entries", `${VAULT_WATCH_BUNDLE}.ts`), ["@aws-sdk/*"]),
    handler: ROTATION_HANDLER,
    runtime: LAMBDA_RUNTIME,
  };
  return built;
}

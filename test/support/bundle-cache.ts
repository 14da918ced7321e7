/*
 * One esbuild run per function bundle and jest run, instead of one per test file.
 *
 * The library bundles each rotation, notifier, reminder and watch function with esbuild and zips
 * it at synth (lib/rotation/bundle.ts), memoized per process. jest gives every test file a fresh
 * module registry, so every file that synthesizes an AWS stack bundled and zipped every function
 * again: about a tenth of the suite's time. setup.ts puts this wrapper in front of the library's
 * `functionBundle`: the first test file of the run that needs a bundle builds it with the real
 * function and leaves the zip in the run's temp directory (ETL_SECRETS_JEST_TMPDIR, removed after
 * the run); later files read the same bytes from there. The bundle is deterministic (same sources,
 * same bytes), so a file reads exactly what it would have built. The files that test the bundler
 * itself use the real one (`jest.unmock`).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DeterministicBundle, functionBundle } from "../../lib/rotation/bundle";

type FunctionBundle = typeof functionBundle;

/** `functionBundle`, with the zips kept for the rest of the run in the run's temp directory. */
export function runCachedFunctionBundle(build: FunctionBundle, runDirectory: string | undefined): FunctionBundle {
  if (!runDirectory) return build;
  return (name, relativeSource, external) => {
    const key = createHash("sha256")
      .update(JSON.stringify([name, relativeSource, [...external]]))
      .digest("hex")
      .slice(0, 32);
    const directory = join(runDirectory, "function-bundles");
    const file = join(directory, `${key}.zip`);
    if (existsSync(file)) return fromZip(readFileSync(file));
    const built = build(name, relativeSource, external);
    mkdirSync(directory, { recursive: true });
    // Written whole, then renamed: another worker reads the old name or the complete file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, built.zip);
    renameSync(partial, file);
    return built;
  };
}

function fromZip(zip: Buffer): DeterministicBundle {
  return { zip, sha256Base64: createHash("sha256").update(zip).digest("base64") };
}

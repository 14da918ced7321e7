import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { LAMBDA_NODE_TARGET } from "./contract";

/** A Lambda's code as a deterministic zip with the hash `source_code_hash` expects. */
export interface DeterministicBundle {
  readonly zip: Buffer;
  /** Base64 SHA-256 of the zip. */
  readonly sha256Base64: string;
}

/** The project root: esbuild's working directory, so every path it sees is relative to it. */
export const PROJECT_ROOT = findProjectRoot(__dirname);

/**
 * Bundles one entry point with esbuild and zips it as `index.js`. Build-time code (runs during
 * synth). The same sources and node_modules give the same bytes on any machine and in any time
 * zone: no absolute paths (the working directory is the project root and no source map or comment
 * names files), TypeScript options fixed in code, sorted entries, fixed timestamps and compression.
 */
export function bundleDeterministically(entry: string, external: readonly string[]): DeterministicBundle {
  // Loaded here, not at the top: an installed package ships prebuilt bundles and has no esbuild,
  // and compiled code (prebuilt bundles) needs neither esbuild nor the zip writer.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildSync } = require("esbuild") as typeof import("esbuild");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { deterministicZip } = require("./deterministic-zip") as typeof import("./deterministic-zip");
  const result = buildSync({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: LAMBDA_NODE_TARGET,
    format: "cjs",
    external: [...external],
    minify: true,
    keepNames: true,
    legalComments: "eof",
    charset: "utf8",
    sourcemap: false,
    write: false,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
    // Fixed here so no tsconfig.json on disk (the project's or a parent's) can change the output.
    tsconfigRaw: { compilerOptions: { alwaysStrict: true, useDefineForClassFields: true } },
  });
  const zip = deterministicZip({ "index.js": result.outputFiles[0].contents });
  return { zip, sha256Base64: createHash("sha256").update(zip).digest("base64") };
}

/** Where `npm pack` puts the prebuilt bundles (tools/build-bundles.ts) and their SHA256SUMS. */
export const PREBUILT_DIRECTORY = join(PROJECT_ROOT, "dist", "rotation-bundles");
/** The checksum file beside the prebuilt zips, in `sha256sum` format (`sha256sum -c` checks it). */
export const PREBUILT_SUMS = "SHA256SUMS";

/**
 * The bundle of one function. Compiled code (an installed package, or a checkout's `npm run build`:
 * dist/lib) takes the prebuilt `<name>.zip` built with it (see usesPrebuilt), so its bytes and hash
 * never depend on the consumer's esbuild and a synth does not bundle again what the build bundled.
 * The TypeScript sources (tsx, ts-jest: a checkout without a build) are built with esbuild as above.
 */
export function functionBundle(name: string, relativeSource: string, external: readonly string[]): DeterministicBundle {
  if (!usesPrebuilt(__filename, PREBUILT_DIRECTORY) && existsSync(join(PROJECT_ROOT, relativeSource)))
    return bundleDeterministically(relativeSource, external);
  return prebuiltBundle(name, PREBUILT_DIRECTORY);
}

/**
 * Whether the module `moduleFile` (this one, compiled or not) takes the prebuilt bundles of
 * `directory`: only compiled JavaScript, and only bundles written by the same build or a later one
 * (`npm run build` compiles, then bundles; a package's files share one time). A `tsc` alone after
 * an older build leaves bundles older than the code: the sources are bundled again instead.
 */
export function usesPrebuilt(moduleFile: string, directory: string): boolean {
  if (!moduleFile.endsWith(".js")) return false;
  try {
    return statSync(join(directory, PREBUILT_SUMS)).mtimeMs >= statSync(moduleFile).mtimeMs;
  } catch {
    return false;
  }
}

/**
 * A prebuilt `<name>.zip` from `directory`, verified against the SHA-256 its SHA256SUMS lists; a
 * missing file, a missing line or a different hash is an error (a damaged or edited package).
 */
export function prebuiltBundle(name: string, directory: string): DeterministicBundle {
  const file = `${name}.zip`;
  const sumsPath = join(directory, PREBUILT_SUMS);
  const zipPath = join(directory, file);
  if (!existsSync(sumsPath) || !existsSync(zipPath)) {
    throw new Error(`no prebuilt bundle for ${name}: ${zipPath} and ${sumsPath} must both exist (the package is incomplete; reinstall it)`);
  }
  const expected = parseSha256Sums(readFileSync(sumsPath, "utf8")).get(file);
  if (!expected) throw new Error(`${sumsPath} lists no SHA-256 for ${file} (the package is incomplete; reinstall it)`);
  const zip = readFileSync(zipPath);
  const actual = createHash("sha256").update(zip).digest("hex");
  if (actual !== expected) {
    throw new Error(
      `prebuilt bundle ${zipPath} has SHA-256 ${actual}, but ${PREBUILT_SUMS} says ${expected}: the file was changed after packing; reinstall the package`,
    );
  }
  return { zip, sha256Base64: Buffer.from(actual, "hex").toString("base64") };
}

/** `sha256sum` output: one `<64 hex>  <file>` per line (a `*` before the name marks binary mode). */
export function formatSha256Sums(bundles: ReadonlyMap<string, DeterministicBundle>): string {
  return [...bundles.keys()]
    .sort()
    .map((name) => `${Buffer.from(bundles.get(name)!.sha256Base64, "base64").toString("hex")}  ${name}.zip\n`)
    .join("");
}

function parseSha256Sums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trimEnd());
    if (match) sums.set(match[2], match[1]);
  }
  return sums;
}

function findProjectRoot(start: string): string {
  let directory = start;
  while (!existsSync(join(directory, "package.json"))) {
    const parent = resolve(directory, "..");
    if (parent === directory) return start;
    directory = parent;
  }
  return directory;
}

import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildSync } from "esbuild";
import { LAMBDA_NODE_TARGET } from "./contract";
import { deterministicZip } from "./deterministic-zip";

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

/**
 * The TypeScript source when present (a checkout, path relative to the project root), else the
 * compiled JavaScript at `compiled` (an installed package).
 */
export function entryPointOf(relativeSource: string, compiled: string, what: string): string {
  if (existsSync(join(PROJECT_ROOT, relativeSource))) return relativeSource;
  if (existsSync(compiled)) return compiled;
  throw new Error(`no entry point for ${what}: neither ${relativeSource} nor ${compiled} exists`);
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

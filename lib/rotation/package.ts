import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildSync } from "esbuild";
import { ROTATION_HANDLER, ROTATION_RUNTIME, ROTATION_TARGETS, type RotationTarget } from "./contract";
import { deterministicZip } from "./deterministic-zip";

export { ROTATION_TARGETS, type RotationTarget };

/** A rotation function's code, ready for `aws_lambda_function` (filename + source_code_hash). */
export interface RotationFunctionPackage {
  readonly zip: Buffer;
  /** Base64 SHA-256 of the zip, the form `source_code_hash` expects. */
  readonly sha256Base64: string;
  readonly handler: string;
  readonly runtime: "nodejs20.x";
}

/**
 * Bundles one target with esbuild and zips it deterministically. Build-time code (runs during synth);
 * memoized per process, because synth may ask for the same target once per environment.
 * The same sources and node_modules give the same bytes on any machine: no absolute paths (the
 * working directory is the project root and no source map or comment names files), TypeScript
 * options fixed in code, sorted entries, fixed timestamps and compression.
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

// Per-process memo of pure build outputs (same input, same bytes), not construct state.
const packages = new Map<RotationTarget, RotationFunctionPackage>();

/** The project root: esbuild's working directory, so every path it sees is relative to it. */
const PROJECT_ROOT = findProjectRoot(__dirname);

function buildPackage(target: RotationTarget): RotationFunctionPackage {
  const result = buildSync({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [entryPoint(target)],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // The Node 20 Lambda runtime provides SDK v3; pg-native is an optional add-on pg never needs here.
    external: ["@aws-sdk/*", "pg-native"],
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
  const code = result.outputFiles[0].contents;
  const zip = deterministicZip({ "index.js": code });
  return {
    zip,
    sha256Base64: createHash("sha256").update(zip).digest("base64"),
    handler: ROTATION_HANDLER,
    runtime: ROTATION_RUNTIME,
  };
}

/** The TypeScript sources when present (a checkout), else the compiled JavaScript beside this file. */
function entryPoint(target: RotationTarget): string {
  const relativeDirectory = join("lib", "rotation", "entries");
  for (const extension of [".ts", ".js"]) {
    const candidate = join(relativeDirectory, `${target}${extension}`);
    if (existsSync(join(PROJECT_ROOT, candidate))) return candidate;
  }
  const compiled = join(__dirname, "entries", `${target}.js`);
  if (existsSync(compiled)) return compiled;
  throw new Error(`no entry point for rotation target "${target}" under ${relativeDirectory}`);
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

import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildSync } from "esbuild";
import { deterministicZip } from "../deterministic-zip";
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
 * Bundles the notifier with esbuild and zips it deterministically (build time, during synth; memoized
 * per process). The esbuild options are those of ../package.ts, which does not export them: the same
 * sources and node_modules give the same bytes on any machine and in any time zone.
 */
export function packageNotifierFunction(): NotifierFunctionPackage {
  built ??= buildPackage();
  return built;
}

const PROJECT_ROOT = findProjectRoot(__dirname);

function buildPackage(): NotifierFunctionPackage {
  const result = buildSync({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [entryPoint()],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external: ["@aws-sdk/*"],
    minify: true,
    keepNames: true,
    legalComments: "eof",
    charset: "utf8",
    sourcemap: false,
    write: false,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
    tsconfigRaw: { compilerOptions: { alwaysStrict: true, useDefineForClassFields: true } },
  });
  const zip = deterministicZip({ "index.js": result.outputFiles[0].contents });
  return { zip, sha256Base64: createHash("sha256").update(zip).digest("base64"), handler: NOTIFIER_HANDLER, runtime: NOTIFIER_RUNTIME };
}

/** The TypeScript source when present (a checkout), else the compiled JavaScript beside this file. */
function entryPoint(): string {
  const relative = join("lib", "rotation", "notifier", "entry.ts");
  if (existsSync(join(PROJECT_ROOT, relative))) return relative;
  const compiled = join(__dirname, "entry.js");
  if (existsSync(compiled)) return compiled;
  throw new Error(`no entry point for the rotation notifier under ${join("lib", "rotation", "notifier")}`);
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

/*
 * The compiled CLI of this checkout (dist/bin/etl-secrets.js), built first when it is missing or
 * older than any source it is compiled from (lib/, bin/).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function mtimes(dir: string, suffix: string): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => statSync(join(entry.parentPath, entry.name)).mtimeMs);
}

/** Whether dist/ must be built again: no compiled CLI, or a source newer than the oldest compiled file. */
export function needsBuild(root: string): boolean {
  const cli = join(root, "dist", "bin", "etl-secrets.js");
  if (!existsSync(cli)) return true;
  const newestSource = Math.max(...mtimes(join(root, "lib"), ".ts"), ...mtimes(join(root, "bin"), ".ts"));
  const oldestBuilt = Math.min(...mtimes(join(root, "dist", "lib"), ".js"), ...mtimes(join(root, "dist", "bin"), ".js"));
  return newestSource > oldestBuilt;
}

/** The path of the compiled CLI, after `npm run build` if needed (its output goes to stderr; a failed build throws). */
export function compiledCli(root: string): string {
  if (needsBuild(root)) {
    process.stderr.write("bench: dist/ is missing or older than lib/: npm run build\n");
    const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", process.stderr, process.stderr] });
    if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status}); the bench measures the compiled CLI`);
  }
  return join(root, "dist", "bin", "etl-secrets.js");
}

/*
 * Pack-time step (`npm run build`, run by `prepack`): writes every Lambda bundle the library ships
 * (each rotation target, the rotation notifier, the Vault static-role watcher and the reminder checker) to dist/rotation-bundles/<name>.zip, with their
 * SHA-256 in dist/rotation-bundles/SHA256SUMS. Built from the TypeScript sources with the project's
 * own esbuild, so they are the very bytes a checkout's synth makes; an installed package copies them
 * at synth instead of bundling with whatever esbuild the consumer has.
 *
 * Usage: tsx tools/build-bundles.ts [<out dir>]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PREBUILT_DIRECTORY, PREBUILT_SUMS, formatSha256Sums, type DeterministicBundle } from "../lib/rotation/bundle";
import { NOTIFIER_BUNDLE, packageNotifierFunction } from "../lib/rotation/notifier/package";
import { ROTATION_TARGETS, packageRotationFunction } from "../lib/rotation/package";
import { REMINDERS_BUNDLE, packageRemindersFunction } from "../lib/rotation/reminders/package";
import { VAULT_WATCH_BUNDLE, packageVaultWatchFunction } from "../lib/rotation/vault/watch-package";

export function buildBundles(directory: string = PREBUILT_DIRECTORY): Map<string, DeterministicBundle> {
  const bundles = new Map<string, DeterministicBundle>();
  for (const target of ROTATION_TARGETS) bundles.set(target, packageRotationFunction(target));
  bundles.set(NOTIFIER_BUNDLE, packageNotifierFunction());
  bundles.set(VAULT_WATCH_BUNDLE, packageVaultWatchFunction());
  bundles.set(REMINDERS_BUNDLE, packageRemindersFunction());
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  for (const [name, bundle] of bundles) writeFileSync(join(directory, `${name}.zip`), bundle.zip);
  writeFileSync(join(directory, PREBUILT_SUMS), formatSha256Sums(bundles));
  return bundles;
}

if (require.main === module) {
  const directory = process.argv[2] ? resolve(process.argv[2]) : PREBUILT_DIRECTORY;
  const bundles = buildBundles(directory);
  console.log(`wrote ${bundles.size} bundles and ${PREBUILT_SUMS} to ${directory}`);
}

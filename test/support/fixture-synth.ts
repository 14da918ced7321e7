/**
 * The shipped fixtures synthesized once per jest run instead of once per test file: the unit
 * suite's globalSetup (test/support/jest/shared-synth-setup.ts) writes
 * `synthesizeInventory(loadInventory(fixture), <root>/<fixture>)` for each fixture below and names
 * `<root>` in ETL_SECRETS_SHARED_SYNTH, which jest's workers inherit. Outside that globalSetup
 * (another jest config, a script), each call synthesizes for itself, so a test reads the very same
 * output either way.
 *
 * Only for a test that reads the output and needs no app instance of its own. The shared directory
 * is read by every test file at once: never write into it; plant a change in a copy (SynthDirs.copy).
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { OUTPUT_MANIFEST, synthesizeInventory } from "../../lib/constructs/synthesize";
import { loadInventory } from "../../lib/inventory/load";
import type { Inventory } from "../../lib/inventory/model";
import { readTree, synthFiles } from "./synth";

/** The environment variable naming the globalSetup's output root. */
export const SHARED_SYNTH_VARIABLE = "ETL_SECRETS_SHARED_SYNTH";

const ROOT = join(__dirname, "..", "..");

/** The fixtures synthesized once per run, by name, with the inventory each is synthesized from. */
export const SHARED_FIXTURES = {
  "acme.yaml": join(ROOT, "test", "fixtures", "inventories", "acme.yaml"),
  "realworld.yaml": join(ROOT, "test", "fixtures", "inventories", "realworld.yaml"),
  "multi-env": join(ROOT, "examples", "multi-env", "connectors.yaml"),
} as const;

export type SharedFixture = keyof typeof SHARED_FIXTURES;

/** The validated inventory a shared fixture is synthesized from. */
export function sharedFixtureInventory(fixture: SharedFixture): Inventory {
  return loadInventory(SHARED_FIXTURES[fixture]);
}

/** The globalSetup's output directory of a fixture, or undefined when the run has none. */
export function sharedSynthDir(fixture: SharedFixture): string | undefined {
  const root = process.env[SHARED_SYNTH_VARIABLE];
  if (root === undefined || root === "") return undefined;
  const dir = join(root, fixture);
  // A complete synth writes its manifest last; a missing one means the setup did not run for this fixture.
  return existsSync(join(dir, OUTPUT_MANIFEST)) ? dir : undefined;
}

/**
 * A directory holding the fixture's synth output: the shared one, or else a fresh synth by `dirs`
 * (which owns and removes it, e.g. test/analysis/support/synth-dirs.ts's SynthDirs). Read only.
 */
export function fixtureSynthDir(fixture: SharedFixture, dirs: { synth(inventory: Inventory): string }): string {
  return sharedSynthDir(fixture) ?? dirs.synth(sharedFixtureInventory(fixture));
}

/** The fixture's synth output as synthFiles gives it (relative path -> base64 text). */
export function fixtureSynthFiles(fixture: SharedFixture): Map<string, string> {
  const dir = sharedSynthDir(fixture);
  return dir === undefined ? synthFiles(sharedFixtureInventory(fixture)) : readTree(dir);
}

/**
 * The synth output of the inventory file `file` (relative to the repository or absolute), already
 * loaded as `inventory`: the shared one when `file` is a shared fixture, else a synth of its own.
 */
export function synthFilesOfFile(file: string, inventory: Inventory): Map<string, string> {
  const path = resolve(ROOT, file);
  const fixture = (Object.keys(SHARED_FIXTURES) as SharedFixture[]).find((name) => SHARED_FIXTURES[name] === path);
  return fixture === undefined ? synthFiles(inventory) : fixtureSynthFiles(fixture);
}

/** Synthesizes every shared fixture under `root` (the globalSetup's work). */
export function synthesizeSharedFixtures(root: string): void {
  for (const fixture of Object.keys(SHARED_FIXTURES) as SharedFixture[])
    synthesizeInventory(sharedFixtureInventory(fixture), join(root, fixture));
}

/*
 * Reads a synth directory (`<dir>/stacks/<stack>/cdk.tf.json`, as `etl-secrets synth`, `npx cdktf
 * synth` or `cdktf deploy` write it) and refuses anything that is not complete cdktf output: a
 * missing directory, a stack cdktf's manifest.json (or an older intent.json) lists but the directory
 * lacks, JSON without cdktf's `//` metadata or a `terraform` block. Never a silent "0".
 *
 * The intent comes from the stacks' own metadata (`"//"."etl-secrets"`, ./stack-intent.ts); stacks
 * without it are a team's own and are left out (`ignored`). Output of earlier versions, with
 * `intent.json` (and `retirements.json`) beside stacks that carry no metadata, still reads.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { INTENT_FILE, INTENT_FORMAT, type IntentManifest } from "../../intent/types";
import type { FragmentRetirement, StackIntentFragment } from "../../intent/stack-fragment";
import { intentOfStacks, stackFragmentOf, StackIntentError } from "./stack-intent";
import type { StackFile } from "./stack-file";

export class SynthDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SynthDirError";
  }
}

/** Declared in stack-file.ts, which stack-intent.ts imports without importing this file. */
export type { StackFile } from "./stack-file";

export interface SynthDir {
  readonly dir: string;
  readonly intent: IntentManifest;
  /** The stacks the analysis reads (the library's), sorted by name. */
  readonly stacks: readonly StackFile[];
  /** Stacks of the directory without the library's metadata (a team's own), left out; sorted. */
  readonly ignored?: readonly string[];
  /** The retirements the synth carries (stack metadata, or an older output's retirements.json). */
  readonly retirements?: readonly FragmentRetirement[];
  /** Where the intent came from. */
  readonly intentSource?: "stack-metadata" | "intent-file";
}

const HOW_TO_SYNTH = "run `etl-secrets synth <inventory> --out <dir>` or `npx cdktf synth` first";

/** Written beside the stacks by earlier versions of `etl-secrets synth`: the inventory's retirements. */
export const RETIREMENTS_FILE = "retirements.json";
export const RETIREMENTS_FORMAT = "etl-secrets-retirements/1";

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new SynthDirError(`${file}: cannot read ${what} (${(error as NodeJS.ErrnoException).code ?? "read error"})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SynthDirError(`${file}: ${what} is not valid JSON (${(error as Error).message})`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks that a parsed document is a cdktf stack: `//`.metadata.stackName and a `terraform` block. */
export function assertCdktfStack(json: unknown, file: string, expectedName?: string): asserts json is Record<string, unknown> {
  if (!isObject(json)) throw new SynthDirError(`${file}: not cdktf output (expected a JSON object)`);
  const meta =
    isObject(json["//"]) && isObject((json["//"] as Record<string, unknown>).metadata)
      ? ((json["//"] as Record<string, unknown>).metadata as Record<string, unknown>)
      : undefined;
  if (!meta || typeof meta.stackName !== "string") throw new SynthDirError(`${file}: not cdktf output (no "//".metadata.stackName)`);
  if (!isObject(json.terraform)) throw new SynthDirError(`${file}: not cdktf output (no "terraform" block)`);
  if (expectedName !== undefined && meta.stackName !== expectedName) {
    throw new SynthDirError(`${file}: stack "${meta.stackName}" is in the directory of stack "${expectedName}"`);
  }
  for (const key of ["resource", "data", "provider", "output"]) {
    if (json[key] !== undefined && !isObject(json[key])) throw new SynthDirError(`${file}: "${key}" must be an object`);
  }
}

function assertIntent(json: unknown, file: string): asserts json is IntentManifest {
  if (!isObject(json) || json.format !== INTENT_FORMAT) {
    throw new SynthDirError(`${file}: not an intent manifest (expected "format": "${INTENT_FORMAT}"); ${HOW_TO_SYNTH}`);
  }
  if (!Array.isArray(json.stacks) || !Array.isArray(json.environments))
    throw new SynthDirError(`${file}: intent manifest without "stacks" or "environments"`);
}

export function readSynthDir(dir: string): SynthDir {
  if (!existsSync(dir)) throw new SynthDirError(`${dir}: no such directory; ${HOW_TO_SYNTH}`);
  if (!statSync(dir).isDirectory()) throw new SynthDirError(`${dir}: not a directory; ${HOW_TO_SYNTH}`);
  const stacksDir = join(dir, "stacks");
  if (!existsSync(stacksDir) || !statSync(stacksDir).isDirectory())
    throw new SynthDirError(`${dir}: no stacks/ directory, so not a synth output; ${HOW_TO_SYNTH}`);
  const present = readdirSync(stacksDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const listed = cdktfManifestStacks(dir);
  const unwritten = listed.filter((name) => !present.includes(name) || !existsSync(join(stacksDir, name, "cdk.tf.json")));
  if (unwritten.length > 0) {
    throw new SynthDirError(
      `${dir}: partial synth output: missing ${unwritten.map((name) => `stacks/${name}/cdk.tf.json`).join(", ")} (listed in manifest.json); ${HOW_TO_SYNTH}`,
    );
  }
  const all: StackFile[] = [];
  for (const name of present) {
    const file = join(stacksDir, name, "cdk.tf.json");
    if (!existsSync(file)) throw new SynthDirError(`${join(stacksDir, name)}: no cdk.tf.json; partial synth output`);
    const json = readJson(file, "the stack");
    assertCdktfStack(json, file, name);
    all.push({ name, file, json });
  }
  if (all.length === 0) throw new SynthDirError(`${dir}: stacks/ holds no stack; ${HOW_TO_SYNTH}`);

  const held: (StackFile & { fragment: StackIntentFragment })[] = [];
  try {
    for (const stack of all) {
      const fragment = stackFragmentOf(stack);
      if (fragment) held.push({ ...stack, fragment });
    }
  } catch (error) {
    if (error instanceof StackIntentError) throw new SynthDirError(error.message);
    throw error;
  }
  const intentFile = join(dir, INTENT_FILE);
  if (held.length === 0) return readOlderSynthDir(dir, intentFile, present, all);

  let merged;
  try {
    merged = intentOfStacks(held);
  } catch (error) {
    if (error instanceof StackIntentError) throw new SynthDirError(`${dir}: ${error.message}`);
    throw error;
  }
  // An intent.json beside stacks that carry their own is left from an earlier synth: it must agree.
  if (existsSync(intentFile)) {
    const file = readJson(intentFile, "the intent manifest");
    if (canonical(file) !== canonical(merged.intent)) {
      throw new SynthDirError(
        `${intentFile}: disagrees with the intent the stacks carry in their "//" metadata; it is left from an earlier synth: remove it (the stacks' metadata is the one source)`,
      );
    }
  }
  const names = new Set(held.map((stack) => stack.name));
  return {
    dir,
    intent: merged.intent,
    stacks: held.map(({ fragment, ...stack }) => (fragment.roots ? { ...stack, roots: fragment.roots } : stack)),
    ignored: present.filter((name) => !names.has(name)),
    retirements: merged.retirements,
    intentSource: "stack-metadata",
  };
}

/** Output of a version that wrote intent.json (and retirements.json) beside the stacks. */
function readOlderSynthDir(dir: string, intentFile: string, present: readonly string[], stacks: readonly StackFile[]): SynthDir {
  if (!existsSync(intentFile)) {
    throw new SynthDirError(
      `${dir}: no stack carries the etl-secrets metadata ("//"."etl-secrets") and no ${INTENT_FILE} is beside the stacks, so nothing says what was granted; ${HOW_TO_SYNTH} with this version`,
    );
  }
  const intent = readJson(intentFile, "the intent manifest");
  assertIntent(intent, intentFile);
  const missing = intent.stacks.filter((name) => !present.includes(name));
  if (missing.length > 0) {
    throw new SynthDirError(
      `${dir}: partial synth output: missing ${missing.map((name) => `stacks/${name}/cdk.tf.json`).join(", ")} (listed in ${INTENT_FILE}); ${HOW_TO_SYNTH}`,
    );
  }
  let retirements: FragmentRetirement[] = [];
  const file = join(dir, RETIREMENTS_FILE);
  if (existsSync(file)) {
    const parsed = readJson(file, "the retirements") as { format?: unknown; retirements?: unknown };
    if (isObject(parsed) && parsed.format === RETIREMENTS_FORMAT && Array.isArray(parsed.retirements))
      retirements = parsed.retirements as FragmentRetirement[];
  }
  return { dir, intent, stacks, ignored: [], retirements, intentSource: "intent-file" };
}

/** Stack names cdktf's manifest.json lists (none when there is no manifest). */
function cdktfManifestStacks(dir: string): string[] {
  const file = join(dir, "manifest.json");
  if (!existsSync(file)) return [];
  const manifest = readJson(file, "cdktf's manifest");
  if (!isObject(manifest) || !isObject(manifest.stacks)) throw new SynthDirError(`${file}: not cdktf's manifest (no "stacks" object)`);
  return Object.keys(manifest.stacks).sort();
}

/** JSON with sorted keys: two documents with the same content compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

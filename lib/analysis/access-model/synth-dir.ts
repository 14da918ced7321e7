/*
 * Reads a synth directory (`<dir>/stacks/<stack>/cdk.tf.json` and `<dir>/intent.json`) and refuses
 * anything that is not complete cdktf output: a missing directory, a stack the intent lists but the
 * directory lacks, JSON without cdktf's `//` metadata or a `terraform` block. Never a silent "0".
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { INTENT_FILE, INTENT_FORMAT, type IntentManifest } from "../intent/types";

export class SynthDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SynthDirError";
  }
}

export interface StackFile {
  readonly name: string;
  /** Path of the cdk.tf.json, for messages. */
  readonly file: string;
  readonly json: Readonly<Record<string, unknown>>;
}

export interface SynthDir {
  readonly dir: string;
  readonly intent: IntentManifest;
  /** Sorted by name. */
  readonly stacks: readonly StackFile[];
}

const HOW_TO_SYNTH = "run `etl-secrets synth <inventory> --out <dir>` first";

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
  const meta = isObject(json["//"]) && isObject((json["//"] as Record<string, unknown>).metadata) ? ((json["//"] as Record<string, unknown>).metadata as Record<string, unknown>) : undefined;
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
  if (!Array.isArray(json.stacks) || !Array.isArray(json.environments)) throw new SynthDirError(`${file}: intent manifest without "stacks" or "environments"`);
}

export function readSynthDir(dir: string): SynthDir {
  if (!existsSync(dir)) throw new SynthDirError(`${dir}: no such directory; ${HOW_TO_SYNTH}`);
  if (!statSync(dir).isDirectory()) throw new SynthDirError(`${dir}: not a directory; ${HOW_TO_SYNTH}`);
  const stacksDir = join(dir, "stacks");
  if (!existsSync(stacksDir) || !statSync(stacksDir).isDirectory()) throw new SynthDirError(`${dir}: no stacks/ directory, so not a synth output; ${HOW_TO_SYNTH}`);
  const intentFile = join(dir, INTENT_FILE);
  if (!existsSync(intentFile)) throw new SynthDirError(`${dir}: no ${INTENT_FILE} beside the stacks (synth writes it); ${HOW_TO_SYNTH}`);
  const intent = readJson(intentFile, "the intent manifest");
  assertIntent(intent, intentFile);

  const present = readdirSync(stacksDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const missing = intent.stacks.filter((name) => !present.includes(name) || !existsSync(join(stacksDir, name, "cdk.tf.json")));
  if (missing.length > 0) {
    throw new SynthDirError(`${dir}: partial synth output: missing ${missing.map((name) => `stacks/${name}/cdk.tf.json`).join(", ")} (listed in ${INTENT_FILE}); ${HOW_TO_SYNTH}`);
  }
  const stacks: StackFile[] = [];
  for (const name of present) {
    const file = join(stacksDir, name, "cdk.tf.json");
    if (!existsSync(file)) throw new SynthDirError(`${join(stacksDir, name)}: no cdk.tf.json; partial synth output`);
    const json = readJson(file, "the stack");
    assertCdktfStack(json, file, name);
    stacks.push({ name, file, json });
  }
  if (stacks.length === 0) throw new SynthDirError(`${dir}: stacks/ holds no stack; ${HOW_TO_SYNTH}`);
  return { dir, intent, stacks };
}

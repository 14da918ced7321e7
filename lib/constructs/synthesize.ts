import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, parse, relative, resolve, sep } from "node:path";
import { App } from "cdktf";
import type { Inventory } from "../inventory/model";
import type { Finding, Suppression } from "../checks/types";
import { formatFinding } from "../checks/run-checks";
import { addEtlSecretsStacks, type EtlSecretsStacks } from "./etl-secrets-app";
import type { LedgerOptions, LedgerRefusal } from "./ledger-session";
import { buildIntentManifest } from "../intent/build-intent";
import { RETIREMENTS_FILE } from "../analysis/access-model/synth-dir";
import { INTENT_FILE } from "../intent/types";
import { LedgerError, ownerResolver, specPathOfOwner } from "../ledger";
import type { IntentManifest } from "../intent/types";
import { planInventory } from "../plan/inventory-plan";
import { withoutTokenTraces } from "./synth-traces";
import type { SpecPath } from "../inventory/issues";

/** The list of files a synth wrote, beside them: the next synth removes only these. */
export const OUTPUT_MANIFEST = "etl-secrets-output.json";
export const OUTPUT_MANIFEST_FORMAT = "etl-secrets-output/1";

/** An error found only at synth, where it belongs in the inventory. */
export interface SynthError {
  /** Spec path; empty when the error concerns no one place of the inventory. */
  readonly path: SpecPath;
  readonly message: string;
}

/** Synth stopped by error findings of the secure-default checks; nothing was written. */
export class ChecksFailedError extends Error {
  constructor(
    readonly findings: readonly Finding[],
    detail: string,
    /** Each error with the spec path of what it concerns. */
    readonly errors: readonly SynthError[] = [],
  ) {
    super(`the secure-default checks failed:\n${detail}`);
    this.name = "ChecksFailedError";
  }
}

/** Synth stopped because production data would be lost without a retirement; nothing was written. */
export class RemovalRefusedError extends Error {
  constructor(readonly errors: readonly LedgerRefusal[]) {
    super(`the synth would lose production data (compared with the ledger):\n${errors.map((e) => `  ${e.message}`).join("\n")}`);
    this.name = "RemovalRefusedError";
  }
}

/** Synth failed for another reason found only at synth (a construct refused its input). */
export class SynthFailedError extends Error {
  constructor(readonly errors: readonly SynthError[]) {
    super(`synth failed:\n${errors.map((e) => `  ${e.message}`).join("\n")}`);
    this.name = "SynthFailedError";
  }
}

/** The output directory cannot be used (a file, a filesystem root, ...). */
export class OutputDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputDirError";
  }
}

export interface SynthesizeOptions {
  /** The committed ledger to hold the synth to, and to update on success (see EtlSecretsOptions.ledger). */
  readonly ledger?: string | Omit<LedgerOptions, "write">;
  /**
   * The raw inventory document, to name the spec path of errors found only at synth exactly (the
   * `credential:` shorthand). @default the normalized inventory
   */
  readonly document?: unknown;
}

export interface SynthesisResult {
  readonly outDir: string;
  /** Stack names, sorted. */
  readonly stacks: readonly string[];
  readonly app: EtlSecretsStacks;
  /** Findings of the checks, suppressed and warnings included. */
  readonly findings: readonly Finding[];
  /** Files written, relative to outDir, sorted. */
  readonly files: readonly string[];
  /** Whether the ledger file was written (created or changed). */
  readonly ledgerWritten: boolean;
}

/**
 * Synthesizes a validated inventory into `<outDir>/stacks/<stack>/cdk.tf.json`; each stack carries
 * its part of the intent in its `"//"` metadata (what `simulate` and `review` read). The synth is written into a temporary directory next to `outDir` and moved into place
 * only when it succeeded, so a failed synth leaves the previous output as it was. Synth owns only
 * the files it wrote (listed in `etl-secrets-output.json`): files of a previous synth that this one
 * no longer writes are removed, anything else in `outDir` is left alone.
 */
export function synthesizeInventory(inventory: Inventory, outDir: string, options: SynthesizeOptions = {}): SynthesisResult {
  return withoutTokenTraces(() => synthesize(inventory, outDir, options));
}

/** Refuses an output directory synth must not write into. */
export function checkOutDir(outDir: string): string {
  const target = resolve(outDir);
  if (parse(target).root === target)
    throw new OutputDirError(`${outDir}: is a filesystem root; name a directory of its own for the output (e.g. cdktf.out)`);
  let stat;
  try {
    stat = lstatSync(target);
  } catch {
    return target;
  }
  if (stat.isSymbolicLink()) stat = statSync(target);
  if (!stat.isDirectory())
    throw new OutputDirError(`${outDir}: is a file, not a directory; name a directory for the output (e.g. cdktf.out)`);
  return target;
}

function synthesize(inventory: Inventory, outDir: string, options: SynthesizeOptions): SynthesisResult {
  const target = checkOutDir(outDir);
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.synth-`));
  try {
    const ledger =
      options.ledger === undefined
        ? undefined
        : { ...(typeof options.ledger === "string" ? { file: options.ledger } : options.ledger), write: "caller" as const };
    const app = new App({ outdir: staging });
    let stacks: EtlSecretsStacks;
    try {
      stacks = addEtlSecretsStacks(app, inventory, { ledger });
    } catch (error) {
      throw constructionFailure(error, inventory, options.document ?? inventory);
    }
    try {
      app.synth();
    } catch (error) {
      throw synthFailure(error, stacks, inventory, options.document ?? inventory);
    }
    // Who the inventory grants what, and its retirements, travel in each stack's `"//"` metadata
    // (intent-metadata.ts), as under `npx cdktf synth`: nothing is written beside the stacks.
    const files = listFiles(staging).sort();
    writeFileSync(join(staging, OUTPUT_MANIFEST), `${JSON.stringify({ format: OUTPUT_MANIFEST_FORMAT, files }, null, 2)}\n`);
    swapInto(staging, target, [...files, OUTPUT_MANIFEST]);
    const ledgerWritten = stacks.ledger?.write() ?? false;
    const names = [...stacks.environments.values(), ...stacks.vaultClusters.values(), ...stacks.awsAccounts.values()]
      .map((stack) => stack.node.id)
      .sort();
    return { outDir, stacks: names, app: stacks, findings: stacks.checks.findings, files, ledgerWritten };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Turns a failed `app.synth()` into an error that names spec paths, without cdktf's advice to skip validation. */
function synthFailure(error: unknown, stacks: EtlSecretsStacks, inventory: Inventory, document: unknown): Error {
  const refusals =
    stacks.ledger?.options.enforce === false
      ? []
      : (stacks.ledger?.evaluate(
          [...stacks.vaultClusters.values(), ...stacks.awsAccounts.values(), ...stacks.environments.values()],
          stacks.plan,
        ).refusals ?? []);
  let findings: Finding[] = [];
  let unused: readonly Suppression[] = [];
  try {
    findings = stacks.checks.findings.filter((f) => f.severity === "error" && !f.suppressedBecause);
    unused = stacks.checks.unusedSuppressions;
  } catch {
    // the checks could not run: report the error itself
  }
  if (findings.length > 0 || unused.length > 0) {
    const intent = buildIntentManifest(stacks.plan);
    const errors: SynthError[] = findings.map((finding) => ({
      path: specPathOfOwner(document, ownerResolver(intent, finding.stack)(finding.constructPath)),
      message: formatFinding(finding),
    }));
    for (const suppression of unused) {
      const index = inventory.suppressions.indexOf(suppression);
      errors.push({
        path: index >= 0 ? ["checks", "suppressions", index] : ["checks", "suppressions"],
        message: `[suppression] ${suppression.rule}${suppression.target ? ` on ${suppression.target}` : ""} matches no finding; remove it`,
      });
    }
    return new ChecksFailedError(findings, errors.map((e) => `  ${e.message}`).join("\n"), errors);
  }
  if (refusals.length > 0) return new RemovalRefusedError(refusals);
  return constructionFailure(error, inventory, document, buildIntentManifest(stacks.plan));
}

/**
 * An error a construct threw (`<construct path>: message`, or cdktf's `[<construct path>] message`),
 * with the spec path of the environment, connector or credential that construct renders.
 */
function constructionFailure(error: unknown, inventory: Inventory, document: unknown, known?: IntentManifest): Error {
  if (error instanceof OutputDirError || error instanceof LedgerError) return error;
  const message = withoutSkipAdvice(error instanceof Error ? error.message : String(error));
  let intent = known;
  try {
    intent ??= buildIntentManifest(planInventory(inventory));
  } catch {
    // the plan itself failed: no construct paths to map
  }
  const errors: SynthError[] = [];
  for (const line of message.split("\n")) {
    const text = line.trim();
    if (text === "" || /^Validation failed with the following errors:$/.test(text)) continue;
    const path = /^\[?([a-z0-9][a-z0-9-]*(?:\/[^\s:\]]+)*)\]?:?\s/.exec(text)?.[1];
    const stack = path?.split("/")[0];
    const owner = intent && path && stack && intent.stacks.includes(stack) ? ownerResolver(intent, stack)(path) : {};
    errors.push({ path: specPathOfOwner(document, owner), message: text });
  }
  return new SynthFailedError(errors.length > 0 ? errors : [{ path: [], message }]);
}

/** cdktf ends validation errors with advice to skip validation: never the right fix here. */
export function withoutSkipAdvice(message: string): string {
  return message
    .split("\n")
    .filter((line) => !/skipValidation/.test(line) && !/^Validations allow for dynamic verification/.test(line.trim()))
    .join("\n")
    .trimEnd();
}

function listFiles(dir: string, prefix = ""): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...listFiles(dir, rel));
    else files.push(rel);
  }
  return files;
}

/**
 * Files a previous synth wrote: its manifest (which lists the intent.json and retirements.json of
 * earlier versions, so they are removed), or for output of a version without one, cdktf's stack list.
 */
function previousFiles(target: string): string[] {
  const manifest = join(target, OUTPUT_MANIFEST);
  try {
    const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { format?: unknown; files?: unknown };
    if (parsed.format === OUTPUT_MANIFEST_FORMAT && Array.isArray(parsed.files))
      return parsed.files.filter((f): f is string => typeof f === "string" && safeRelative(f));
  } catch {
    // no manifest: fall back to cdktf's
  }
  try {
    const cdktf = JSON.parse(readFileSync(join(target, "manifest.json"), "utf8")) as {
      stacks?: Record<string, { synthesizedStackPath?: unknown }>;
    };
    const stackFiles = Object.values(cdktf.stacks ?? {})
      .map((stack) => stack.synthesizedStackPath)
      .filter((path): path is string => typeof path === "string" && safeRelative(path) && path.endsWith("cdk.tf.json"));
    return ["manifest.json", INTENT_FILE, RETIREMENTS_FILE, ...stackFiles];
  } catch {
    return [];
  }
}

function safeRelative(path: string): boolean {
  return path !== "" && !path.startsWith("/") && !path.split(/[\\/]/).includes("..");
}

/**
 * Moves the staged synth into place: a fresh directory is renamed as a whole; into an existing one,
 * files of the previous synth that this one no longer writes are removed, and each new file is
 * renamed over the old one (an atomic replace per file).
 */
function swapInto(staging: string, target: string, files: readonly string[]): void {
  if (!existsSync(target)) {
    try {
      renameSync(staging, target);
      mkdirSync(staging);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
      mkdirSync(target, { recursive: true });
    }
  }
  const next = new Set(files);
  const stale = previousFiles(target).filter((file) => !next.has(file));
  for (const file of files) {
    const destination = join(target, file);
    mkdirSync(dirname(destination), { recursive: true });
    if (existsSync(destination) && lstatSync(destination).isDirectory()) {
      throw new OutputDirError(`${join(target, file)}: is a directory where synth writes a file; move it away`);
    }
    move(join(staging, file), destination);
  }
  for (const file of stale) {
    const path = join(target, file);
    if (existsSync(path) && lstatSync(path).isFile()) rmSync(path);
    removeEmptyParents(dirname(path), target);
  }
}

/** A rename; across filesystems (an output directory that is a mount point), a copy then a rename. */
function move(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    const temporary = `${to}.${process.pid}.tmp`;
    copyFileSync(from, temporary);
    renameSync(temporary, to);
  }
}

function removeEmptyParents(dir: string, stop: string): void {
  let current = dir;
  while (current.startsWith(`${stop}${sep}`) && relative(stop, current) !== "") {
    try {
      if (readdirSync(current).length > 0) return;
      rmdirSync(current);
    } catch {
      return;
    }
    current = dirname(current);
  }
}

/*
 * `npm run bench` (tsx bench/run.ts [sizes...] [options]; bench/args.ts lists them): the compiled
 * CLI (node dist/bin/etl-secrets.js, built first when stale) measured as whole processes, wall time
 * and peak RSS, at each size (connectors per environment; default 100, 1,000 and 3,000):
 *
 *   - synth: `etl-secrets synth` of bench/inventory.ts's inventory against the fair baseline
 *     (bench/baseline.ts: plain cdktf writing the same resources, types and reference graph, bundled
 *     to JavaScript too), interleaved; the baseline's output is checked against the library's
 *     (resources per stack and type, references, depends_on);
 *   - simulate of that synth; review of it against the synth of a changed inventory
 *     (bench/changed-inventory.ts); validate of the inventory;
 *   - once: `etl-secrets --help`, and the shipped example's synth against `npx cdktf synth`.
 *
 * Prints the settings, the baseline checks, one table (what, size, time, peak RSS, target, met?)
 * with the targets of issue 13, and, as the last line of stdout, one JSON line of the same facts.
 * Measured, never asserted: a slow machine fails nothing; a failing command (an exit code the
 * command never gives on success) fails the bench. Every temporary file is removed, even then.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { parseArgs, type BenchArgs } from "./args";
import { changedInventory, defaultChange } from "./changed-inventory";
import { compiledCli } from "./compiled-cli";
import { benchInventory } from "./inventory";
import { killRunning, measure, type Measurement } from "./measure";
import { commandRow, formatTable, jsonLine, ratioRow, TARGETS, type Row, type Sample } from "./report";
import { compareSummaries, stackShape, summarizeShape, type Shape, type ShapeSummary } from "./shape";

const ROOT = join(__dirname, "..");
/** Every command gets the same date: no result depends on today. */
const NOW = "2026-06-15";

interface Context {
  readonly args: BenchArgs;
  readonly work: string;
  readonly cli: string;
  readonly baseline: string;
  readonly env: NodeJS.ProcessEnv;
}

const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);

/** Runs a command `runs` times (stopping at a timeout); throws when it exits with a code outside `ok`. */
async function runs(context: Context, what: string, command: readonly string[], count: number, ok: readonly number[]): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) {
    const result = await measure(command[0], command.slice(1), {
      env: context.env,
      timeoutSeconds: context.args.timeoutSeconds,
      scratch: context.work,
    });
    check(what, result, ok);
    samples.push(result);
    progress(
      `${what}: ${result.timedOut ? `timed out after ${context.args.timeoutSeconds} s` : `${result.seconds.toFixed(2)} s, exit ${result.exitCode}`}`,
    );
    if (result.timedOut) break;
  }
  return samples;
}

function check(what: string, result: Measurement, ok: readonly number[]): void {
  if (result.timedOut || (result.exitCode !== null && ok.includes(result.exitCode))) return;
  throw new Error(`${what} failed (exit ${result.exitCode ?? "by a signal"}; expected ${ok.join(" or ")}):\n${result.stderrTail.trim()}`);
}

function readShape(outDir: string): Shape {
  const stacks = join(outDir, "stacks");
  return Object.fromEntries(
    readdirSync(stacks)
      .sort()
      .map((stack) => [stack, stackShape(JSON.parse(readFileSync(join(stacks, stack, "cdk.tf.json"), "utf8")))]),
  );
}

const summaries = (shape: Shape): Record<string, ShapeSummary> =>
  Object.fromEntries(Object.entries(shape).map(([stack, s]) => [stack, summarizeShape(s)]));

interface SizeResult {
  readonly rows: Row[];
  readonly check?: {
    readonly connectors: number;
    readonly stacks: number;
    readonly resources: number;
    readonly references: number;
    readonly dependsOn: number;
    readonly same: true;
    /** Size of the written stacks: the baseline's literal configs are shorter than the library's documents. */
    readonly libraryMb: number;
    readonly baselineMb: number;
  };
}

async function measureSize(context: Context, n: number): Promise<SizeResult> {
  const { args } = context;
  const dir = join(context.work, `size-${n}`);
  mkdirSync(dir);
  try {
    const size = String(n);
    const options = { connectors: n, environments: args.environments, consumers: args.consumers, mix: args.mix };
    const inventory = join(dir, "connectors.yaml");
    writeFileSync(inventory, stringify(benchInventory(options), { aliasDuplicateObjects: false }));
    const change = changedInventory(options, defaultChange(n));
    const changed = join(dir, "changed.yaml");
    writeFileSync(changed, stringify(change.document, { aliasDuplicateObjects: false }));
    const node = process.execPath;
    const rows: Row[] = [];

    // The same inventory as JSON too: generated inventories often are, and JSON.parse skips the YAML parser.
    const inventoryJson = join(dir, "connectors.json");
    writeFileSync(inventoryJson, `${JSON.stringify(benchInventory(options), null, 2)}\n`);
    const validate = await runs(context, `validate ${n}`, [node, context.cli, "validate", inventory, "--now", NOW], args.runs, [0]);
    rows.push(commandRow("etl-secrets validate (YAML)", size, validate, TARGETS.validate(n)));
    const validateJson = await runs(
      context,
      `validate ${n} json`,
      [node, context.cli, "validate", inventoryJson, "--now", NOW],
      args.runs,
      [0],
    );
    rows.push(commandRow("etl-secrets validate (JSON)", size, validateJson, TARGETS.validate(n)));

    // Synth: the library first (its output is the baseline's shape and simulate's input), then the baseline; interleaved when repeated.
    const before = join(dir, "before");
    const library: Sample[] = [];
    const baseline: Sample[] = [];
    let result: SizeResult["check"];
    let shapeFile: string | undefined;
    let expected: Record<string, ShapeSummary> = {};
    for (let r = 0; r < args.repeat; r++) {
      const out = r === 0 ? before : join(dir, `library-${r}`);
      const lib = await runs(
        context,
        `synth ${n} (library)`,
        [node, context.cli, "synth", inventory, "--out", out, "--no-ledger", "--now", NOW],
        1,
        [0],
      );
      library.push(...lib);
      if (lib[0].timedOut) break;
      if (r === 0) {
        const shape = readShape(before);
        shapeFile = join(dir, "shape.json");
        writeFileSync(shapeFile, JSON.stringify(shape));
        expected = summaries(shape);
      } else rmSync(out, { recursive: true, force: true });
      const baseOut = join(dir, `baseline-${r}`);
      const base = await runs(context, `synth ${n} (baseline)`, [node, context.baseline, shapeFile!, baseOut], 1, [0]);
      baseline.push(...base);
      if (base[0].timedOut) break;
      if (r === 0) {
        const problems = compareSummaries(expected, summaries(readShape(baseOut)));
        if (problems.length > 0)
          throw new Error(`the baseline's output does not match the library's at ${n} connectors:\n${problems.slice(0, 20).join("\n")}`);
        result = { connectors: n, ...totals(expected), same: true, libraryMb: stacksMb(before), baselineMb: stacksMb(baseOut) };
      }
      rmSync(baseOut, { recursive: true, force: true });
    }
    const libraryRow = commandRow("synth: etl-secrets", size, library);
    const baselineRow = commandRow(
      "synth: fair baseline (plain cdktf)",
      size,
      baseline,
      undefined,
      library.some((s) => s.timedOut) ? "not run: the library's synth timed out" : undefined,
    );
    const ratio = ratioRow("synth: etl-secrets / baseline", size, libraryRow, baselineRow, TARGETS.synthRatio(n));

    const synthesized = libraryRow.status === "ok";
    const skipped = "not run: the library's synth timed out";
    const simulate = synthesized
      ? // The generated inventory declares no breach: a violation in the library's own output fails the bench.
        await runs(context, `simulate ${n}`, [node, context.cli, "simulate", before, "--now", NOW], args.repeat, [0])
      : [];
    const simulateRow = commandRow("etl-secrets simulate", size, simulate, TARGETS.simulate(n), synthesized ? undefined : skipped);

    // The review's pull request, as a team runs it: the base synthesized with its (here new) address
    // ledger, the head against that ledger, so that its retirements become `removed` blocks.
    const { added, removed, accessGranted } = change.summary;
    let reviewNote = `head: ${added.length} connector(s) added, ${removed.length} removed (retired in production)${accessGranted ? `, ${accessGranted.consumer} granted read on ${accessGranted.connector}` : ""}`;
    let ledgered: Sample[] = [];
    let review: Sample[] = [];
    if (synthesized) {
      const ledger = join(dir, "connectors.ledger");
      const base = join(dir, "base");
      const after = join(dir, "after");
      ledgered = await runs(
        context,
        `synth ${n} --ledger (new)`,
        [node, context.cli, "synth", inventory, "--out", base, "--ledger", ledger, "--now", NOW],
        1,
        [0],
      );
      const head = ledgered[0].timedOut
        ? []
        : await runs(
            context,
            `synth ${n} (review head, not measured)`,
            [node, context.cli, "synth", changed, "--out", after, "--ledger", ledger, "--now", NOW],
            1,
            [0],
          );
      if (head.length === 0 || head[0].timedOut) reviewNote = "not run: a synth of the base or the head timed out";
      else review = await runs(context, `review ${n}`, [node, context.cli, "review", base, after, "--now", NOW], args.repeat, [0, 1]);
    } else reviewNote = skipped;
    rows.push(
      libraryRow,
      baselineRow,
      ratio,
      commandRow("synth: etl-secrets --ledger (new ledger)", size, ledgered, undefined, synthesized ? "the review's base" : skipped),
      simulateRow,
      commandRow("etl-secrets review", size, review, TARGETS.review(n), reviewNote),
    );
    return { rows, check: result };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function stacksMb(outDir: string): number {
  const stacks = join(outDir, "stacks");
  return readdirSync(stacks).reduce((bytes, stack) => bytes + statSync(join(stacks, stack, "cdk.tf.json")).size, 0) / 1024 / 1024;
}

function totals(byStack: Record<string, ShapeSummary>) {
  const all = Object.values(byStack);
  const sum = (f: (s: ShapeSummary) => number) => all.reduce((n, s) => n + f(s), 0);
  return {
    stacks: all.length,
    resources: sum((s) => s.resources),
    references: sum((s) => s.references),
    dependsOn: sum((s) => s.dependsOn),
  };
}

/** The shipped example: `etl-secrets synth` against `npx cdktf synth` (which runs main.ts with tsx), interleaved. */
async function measureExample(context: Context): Promise<Row[]> {
  const example = join(ROOT, "examples", "multi-env");
  const ledger = join(ROOT, "ledger", "multi-env.ledger");
  const ledgerCopy = join(context.work, "multi-env.ledger");
  const ledgerBefore = existsSync(ledger) ? readFileSync(ledger) : undefined;
  if (ledgerBefore) copyFileSync(ledger, ledgerCopy);
  const library: Sample[] = [];
  const cdktf: Sample[] = [];
  let cdktfNote: string | undefined;
  try {
    for (let r = 0; r < context.args.runs; r++) {
      const out = join(context.work, `example-${r}`);
      const ledgerArgs = ledgerBefore ? ["--ledger", ledgerCopy] : ["--no-ledger"];
      library.push(
        ...(await runs(
          context,
          "example synth (etl-secrets)",
          [process.execPath, context.cli, "synth", join(example, "connectors.yaml"), "--out", out, ...ledgerArgs, "--now", NOW],
          1,
          [0],
        )),
      );
      rmSync(out, { recursive: true, force: true });
      if (cdktfNote) continue;
      // npx --no: never download; the cdktf CLI of the checkout, offline (no telemetry or version check).
      const run = await measure("npx", ["--no", "cdktf", "synth", "--output", out], {
        cwd: example,
        env: { ...context.env, CHECKPOINT_DISABLE: "1" },
        timeoutSeconds: context.args.timeoutSeconds,
        scratch: context.work,
      });
      rmSync(out, { recursive: true, force: true });
      progress(`example synth (npx cdktf synth): ${run.timedOut ? "timed out" : `${run.seconds.toFixed(2)} s, exit ${run.exitCode}`}`);
      if (!run.timedOut && run.exitCode !== 0) {
        // Not a failure of the bench: the issue asks whether it works offline at all.
        cdktfNote = `npx cdktf synth does not work here (exit ${run.exitCode}): ${run.stderrTail.trim().split("\n").pop() ?? ""}`;
        continue;
      }
      cdktf.push(run);
      if (run.timedOut) cdktfNote = `timed out after ${context.args.timeoutSeconds} s`;
    }
  } finally {
    // main.ts synthesizes against the committed ledger; it must come out as it went in.
    if (ledgerBefore && !readFileSync(ledger).equals(ledgerBefore)) {
      writeFileSync(ledger, ledgerBefore);
      progress(`npx cdktf synth changed ${ledger}; restored it (the example and its ledger disagree: run the ledger test)`);
    }
  }
  const libraryRow = commandRow("example synth: etl-secrets", "example", library, TARGETS.exampleSynth);
  const cdktfRow = commandRow(
    "example synth: npx cdktf synth",
    "example",
    cdktf,
    undefined,
    cdktfNote ??
      "npx --no (nothing downloaded), CHECKPOINT_DISABLE=1 (no version check); runs main.ts with tsx; peak RSS: its largest process",
  );
  return [
    libraryRow,
    cdktfRow,
    ratioRow("example synth: npx cdktf / etl-secrets", "example", cdktfRow, libraryRow, TARGETS.exampleSpeedup),
  ];
}

async function bench(args: BenchArgs, work: string): Promise<void> {
  const cli = compiledCli(ROOT);
  // The baseline as JavaScript too, so that neither side pays for a TypeScript transpiler at start.
  const baseline = join(work, "baseline.js");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  esbuild.buildSync({
    entryPoints: [join(__dirname, "baseline.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    outfile: baseline,
    logLevel: "error",
  });
  const heap = "--max-old-space-size=8192";
  const env = {
    ...process.env,
    // The bundle resolves cdktf and the providers from the checkout's node_modules.
    NODE_PATH: join(ROOT, "node_modules"),
    // The same heap limit for every process measured (the library and the baseline alike).
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} ${heap}`.trim(),
  };
  const context: Context = { args, work, cli, baseline, env };

  const rows: Row[] = [];
  const checks: NonNullable<SizeResult["check"]>[] = [];
  const help = await runs(context, "--help", [process.execPath, cli, "--help"], args.runs, [0]);
  rows.push(commandRow("etl-secrets --help", "-", help, TARGETS.help));
  for (const n of args.sizes) {
    const result = await measureSize(context, n);
    rows.push(...result.rows);
    if (result.check) checks.push(result.check);
  }
  if (args.example) rows.push(...(await measureExample(context)));

  const settings = `environments: ${args.environments}, consumers: ${args.consumers}, mix: ${args.mix}; node ${process.version} ${heap}; compiled CLI (node dist/bin/etl-secrets.js); timeout ${args.timeoutSeconds} s; synth/simulate/review x${args.repeat}, --help/validate/example x${args.runs} (medians)`;
  console.log(settings);
  for (const check of checks) {
    const sizes = ` (cdk.tf.json: library ${check.libraryMb.toFixed(1)} MB, baseline ${check.baselineMb.toFixed(1)} MB)`;
    console.log(
      `fair baseline at ${check.connectors}: ${check.stacks} stacks, ${check.resources} resources, ${check.references} \${...} references, ${check.dependsOn} depends_on: the same per stack and type as the library's${sizes}`,
    );
  }
  console.log("");
  console.log(formatTable(rows, args.timeoutSeconds));
  console.log(jsonLine({ bench: "cdktf-etl-secrets", ...args, node: process.version, baselineChecks: checks, rows }));
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv);
  const work = mkdtempSync(join(tmpdir(), "etl-secrets-bench-"));
  const interrupted = (signal: NodeJS.Signals) => {
    killRunning();
    rmSync(work, { recursive: true, force: true });
    process.stderr.write(`bench: ${signal}: stopped; temporary files removed\n`);
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    await bench(args, work);
  } finally {
    killRunning();
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`bench: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

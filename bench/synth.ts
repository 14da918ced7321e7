/*
 * Synth benchmark, in process: generates bench/inventory.ts's inventory of N connectors per
 * environment and prints the time of each phase, the number of resources per stack and the peak RSS
 * (for profiling one phase; `npm run bench` measures whole processes of the compiled CLI).
 *
 *   npx tsx bench/synth.ts [connectors=1000] [--environments 2] [--consumers 200] [--mix aws|mixed] [--out <dir>] [--keep]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeInventory } from "../lib/constructs/synthesize";
import { validateDocument } from "../lib/inventory/validate";
import { benchInventory, type BenchInventoryOptions } from "./inventory";

/** Kept here too: the generator's historical home (bench/inventory.ts). */
export { benchInventory } from "./inventory";

interface Options extends BenchInventoryOptions {
  readonly out?: string;
  readonly keep: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options = {
    connectors: 1000,
    environments: 2,
    consumers: 200,
    out: undefined as string | undefined,
    keep: false,
    mix: "aws" as "aws" | "mixed",
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      return value;
    };
    if (arg === "--environments") options.environments = Number(next());
    else if (arg === "--consumers") options.consumers = Number(next());
    else if (arg === "--connectors") options.connectors = Number(next());
    else if (arg === "--out") options.out = next();
    else if (arg === "--mix") options.mix = next() === "mixed" ? "mixed" : "aws";
    else if (arg === "--keep") options.keep = true;
    else if (/^\d+$/.test(arg)) options.connectors = Number(arg);
    else
      throw new Error(
        `unknown argument ${arg}; usage: bench/synth.ts [connectors] [--environments M] [--consumers K] [--out dir] [--keep]`,
      );
  }
  if (!(options.connectors >= 1 && options.environments >= 1 && options.environments <= 9 && options.consumers >= 1)) {
    throw new Error("connectors and consumers must be at least 1, environments between 1 and 9");
  }
  return options;
}

function countResources(outDir: string): Map<string, number> {
  const counts = new Map<string, number>();
  const stacks = join(outDir, "stacks");
  for (const stack of readdirSync(stacks).sort()) {
    const json = JSON.parse(readFileSync(join(stacks, stack, "cdk.tf.json"), "utf8"));
    counts.set(
      stack,
      Object.values<Record<string, unknown>>(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0),
    );
  }
  return counts;
}

function directorySize(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (total, entry) => total + (entry.isDirectory() ? directorySize(join(dir, entry.name)) : statSync(join(dir, entry.name)).size),
    0,
  );
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

  let start = process.hrtime.bigint();
  const document = benchInventory(options);
  const generate = seconds(start);

  start = process.hrtime.bigint();
  const result = validateDocument(document);
  const validate = seconds(start);
  if (!result.ok || !result.inventory) {
    console.error(result.issues.slice(0, 10));
    throw new Error("the generated inventory is invalid");
  }

  const out = options.out ?? mkdtempSync(join(tmpdir(), "etl-secrets-bench-"));
  start = process.hrtime.bigint();
  const synthesis = synthesizeInventory(result.inventory, out);
  const synth = seconds(start);

  const counts = countResources(out);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const errors = synthesis.findings.filter((f) => f.severity === "error" && !f.suppressedBecause).length;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`connectors per environment: ${options.connectors}, environments: ${options.environments}, consumers: ${options.consumers}`);
  console.log(`generate ${generate.toFixed(2)} s, validate ${validate.toFixed(2)} s, plan + synth + checks + write ${synth.toFixed(2)} s`);
  console.log(`resources: ${total} (${[...counts.entries()].map(([stack, n]) => `${stack} ${n}`).join(", ")})`);
  console.log(
    `findings: ${synthesis.findings.length} (${errors} unsuppressed errors), output ${(directorySize(out) / 1024 / 1024).toFixed(1)} MB`,
  );
  console.log(`peak RSS: ${peakRssMb.toFixed(0)} MB`);
  if (!options.out && !options.keep) rmSync(out, { recursive: true, force: true });
  else console.log(`output: ${out}`);
}

if (require.main === module) main();

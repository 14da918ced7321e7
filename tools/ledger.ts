/*
 * The address ledger of the shipped inventories (issue 11, item 0): every Terraform address and the
 * server-side object it writes, committed under ledger/. The tests fail when a synth changes or
 * removes a line without a `moved`/`removed` block, and when new lines are not yet committed.
 *
 *   npx tsx tools/ledger.ts            compare, print additions, removals and changes
 *   npx tsx tools/ledger.ts --write    also write the ledgers (refused while a change is unaccounted)
 *   npx tsx tools/ledger.ts --write --accept-changes   write anyway (say why in the closing note)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSynthDir } from "../lib/analysis/access-model/synth-dir";
import { synthesizeInventory } from "../lib/constructs/synthesize";
import {
  compareLedger,
  describeChange,
  formatLedger,
  guardRemovals,
  ledgerOfSynth,
  parseLedger,
  type Ledger,
  type LedgerComparison,
} from "../lib/ledger";
import { loadInventory } from "../lib/inventory/load";

const ROOT = join(__dirname, "..");

/** The inventories whose addresses are a contract, and where their ledgers live. */
export const LEDGER_INVENTORIES: readonly { readonly name: string; readonly inventory: string }[] = [
  { name: "multi-env", inventory: "examples/multi-env/connectors.yaml" },
  { name: "acme", inventory: "test/fixtures/inventories/acme.yaml" },
  { name: "realworld", inventory: "test/fixtures/inventories/realworld.yaml" },
];

export function ledgerFile(name: string): string {
  return join(ROOT, "ledger", `${name}.ledger`);
}

export interface LedgerCheck {
  readonly name: string;
  readonly current: Ledger;
  readonly committed?: Ledger;
  readonly comparison?: LedgerComparison;
  /** What to write: the current entries, and the objects retirements still keep forgotten. */
  readonly next: Ledger;
}

/** Synthesizes one shipped inventory into a temporary directory and compares it with its committed ledger. */
export function checkLedger(name: string, inventory: string): LedgerCheck {
  const out = mkdtempSync(join(tmpdir(), `etl-ledger-${name}-`));
  try {
    const loaded = loadInventory(join(ROOT, inventory));
    const file = ledgerFile(name);
    // The synth carries the `removed` blocks of the committed ledger's retirements, as `etl-secrets synth --ledger` does.
    synthesizeInventory(loaded, out, existsSync(file) ? { ledger: { file, update: false, enforce: false } } : {});
    const synth = readSynthDir(out);
    const current = ledgerOfSynth(synth);
    if (!existsSync(file)) return { name, current, next: current };
    const committed = parseLedger(readFileSync(file, "utf8"), file);
    const next = guardRemovals(
      committed,
      current,
      synth.stacks,
      loaded.retirements,
      new Set(loaded.environments.map((env) => env.name)),
    ).next;
    return { name, current, committed, comparison: compareLedger(committed, current, synth.stacks), next };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function main(argv: readonly string[]): number {
  const write = argv.includes("--write");
  const accept = argv.includes("--accept-changes");
  let failed = false;
  for (const { name, inventory } of LEDGER_INVENTORIES) {
    const check = checkLedger(name, inventory);
    const comparison = check.comparison;
    if (!comparison) {
      console.log(`${name}: no committed ledger yet (${check.current.entries.length} entries)`);
    } else {
      for (const entry of comparison.added) console.log(`${name}: added ${entry.stack}: ${entry.address}  ${entry.identity}`);
      for (const change of [...comparison.removed, ...comparison.changed]) console.log(`${name}: ${describeChange(change)}`);
      console.log(
        `${name}: ${check.current.entries.length} entries; ${comparison.added.length} added, ${comparison.removed.length} removed, ` +
          `${comparison.changed.length} changed, ${comparison.unaccounted.length} unaccounted`,
      );
    }
    const unaccounted = comparison?.unaccounted.length ?? 0;
    if (write && (unaccounted === 0 || accept)) {
      writeFileSync(ledgerFile(name), formatLedger(check.next));
      console.log(`${name}: wrote ${ledgerFile(name)}`);
    } else if (unaccounted > 0) {
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

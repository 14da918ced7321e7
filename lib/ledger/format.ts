/*
 * The ledger as committed text: reviewable in a diff, one line per address, sorted.
 *
 *   # etl-secrets address ledger 1
 *   @stack <stack> <production|non-production>
 *   <stack>\t<type>.<name>\t<identity>
 */
import { LedgerError, type Ledger, type LedgerEntry, type StackTier } from "./entries";

export const LEDGER_HEADER = "# etl-secrets address ledger 1";

export function formatLedger(ledger: Ledger): string {
  const lines = [
    LEDGER_HEADER,
    "# Every Terraform address of a synth, with the server-side object it writes. A changed or removed",
    "# line needs a `moved` or `removed` block in the stack (or a retirement in the inventory).",
  ];
  for (const [stack, tier] of [...ledger.stacks].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) lines.push(`@stack ${stack} ${tier}`);
  for (const entry of ledger.entries) lines.push(`${entry.stack}\t${entry.address}\t${entry.identity}`);
  return `${lines.join("\n")}\n`;
}

export function parseLedger(text: string, file = "ledger"): Ledger {
  const lines = text.split("\n");
  if (lines[0] !== LEDGER_HEADER) throw new LedgerError(`${file}: not an etl-secrets ledger (expected "${LEDGER_HEADER}" on line 1)`);
  const stacks = new Map<string, StackTier>();
  const entries: LedgerEntry[] = [];
  lines.forEach((line, index) => {
    if (line === "" || line.startsWith("#")) return;
    const stackLine = /^@stack (\S+) (production|non-production)$/.exec(line);
    if (stackLine) {
      stacks.set(stackLine[1], stackLine[2] as StackTier);
      return;
    }
    const fields = line.split("\t");
    if (fields.length !== 3 || !fields[0] || !/^[a-z0-9_]+\.[A-Za-z0-9_-]+$/.test(fields[1])) {
      throw new LedgerError(`${file}:${index + 1}: expected "<stack>\\t<type>.<name>\\t<identity>"`);
    }
    entries.push({ stack: fields[0], address: fields[1], identity: fields[2] });
  });
  return { stacks, entries };
}

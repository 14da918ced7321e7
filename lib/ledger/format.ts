/*
 * The ledger as committed text: reviewable in a diff, one line per address, sorted.
 *
 *   # etl-secrets address ledger 2
 *   @stack <stack> <production|non-production>
 *   <stack>\t<type>.<name>\t<identity>\t<owner>
 *   @forgotten\t<stack>\t<type>.<name>\t<identity>\t<owner>
 *
 * Format 1 (three columns, no owners, no forgotten lines) is still read.
 */
import { LedgerError, type Ledger, type LedgerEntry, type StackTier } from "./entries";
import { byText } from "../shared/text-order";

export const LEDGER_HEADER = "# etl-secrets address ledger 2";
const LEDGER_HEADER_1 = "# etl-secrets address ledger 1";
const FORGOTTEN = "@forgotten";

export function formatLedger(ledger: Ledger): string {
  const lines = [
    LEDGER_HEADER,
    "# Every Terraform address of a synth, with the server-side object it writes and whom it belongs to",
    "# (environment, connector/credential). A changed or removed line needs a `moved` block, or a retirement",
    "# in the inventory (`retirements:`); @forgotten lines are objects a retirement made Terraform forget.",
    "# Written by `etl-secrets synth` (--ledger) and `npm run ledger -- --write`; commit it.",
  ];
  for (const [stack, tier] of [...ledger.stacks].sort(([a], [b]) => byText(a, b))) lines.push(`@stack ${stack} ${tier}`);
  for (const entry of ledger.entries) lines.push(entryLine(entry));
  for (const entry of ledger.forgotten ?? []) lines.push(`${FORGOTTEN}\t${entryLine(entry)}`);
  return `${lines.join("\n")}\n`;
}

function entryLine(entry: LedgerEntry): string {
  return `${entry.stack}\t${entry.address}\t${entry.identity}\t${entry.owner ?? "-"}`;
}

export function parseLedger(text: string, file = "ledger"): Ledger {
  const lines = text.split("\n");
  const version = lines[0] === LEDGER_HEADER ? 2 : lines[0] === LEDGER_HEADER_1 ? 1 : 0;
  if (version === 0) throw new LedgerError(`${file}: not an etl-secrets ledger (expected "${LEDGER_HEADER}" on line 1)`);
  const stacks = new Map<string, StackTier>();
  const entries: LedgerEntry[] = [];
  const forgotten: LedgerEntry[] = [];
  lines.forEach((line, index) => {
    if (line === "" || line.startsWith("#")) return;
    const stackLine = /^@stack (\S+) (production|non-production)$/.exec(line);
    if (stackLine) {
      stacks.set(stackLine[1], stackLine[2] as StackTier);
      return;
    }
    let fields = line.split("\t");
    const isForgotten = version === 2 && fields[0] === FORGOTTEN;
    if (isForgotten) fields = fields.slice(1);
    const columns = version === 1 ? 3 : 4;
    if (fields.length !== columns || !fields[0] || !/^[a-z0-9_]+\.[A-Za-z0-9_-]+$/.test(fields[1])) {
      const shape = version === 1 ? "<stack>\\t<type>.<name>\\t<identity>" : "[@forgotten\\t]<stack>\\t<type>.<name>\\t<identity>\\t<owner>";
      throw new LedgerError(`${file}:${index + 1}: expected "${shape}"`);
    }
    const entry: LedgerEntry = { stack: fields[0], address: fields[1], identity: fields[2], ...(version === 2 ? { owner: fields[3] } : {}) };
    (isForgotten ? forgotten : entries).push(entry);
  });
  return { stacks, entries, forgotten };
}

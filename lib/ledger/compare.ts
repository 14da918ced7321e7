/*
 * A synth against the committed ledger. A line may leave or change only when the stack accounts for
 * it: a `moved` block (`from` the old address to one that exists) or a `removed` block (a retirement:
 * state forgets the resource). New lines are additions, listed for review.
 */
import type { StackFile } from "../analysis/access-model/synth-dir";
import type { Ledger, LedgerEntry, StackTier } from "./entries";

export interface LedgerChange {
  readonly before: LedgerEntry;
  /** The entry it became: the same address with another identity, or a moved-to address. */
  readonly after?: LedgerEntry;
  /** How the stack accounts for it, when it does. */
  readonly accountedBy?: "moved" | "removed";
  readonly tier: StackTier;
}

export interface LedgerComparison {
  /** In the synth, not in the ledger. */
  readonly added: readonly LedgerEntry[];
  /** In the ledger, gone from the synth (accounted for or not). */
  readonly removed: readonly LedgerChange[];
  /** Same address, another server-side identity: the object would be replaced or re-targeted. */
  readonly changed: readonly LedgerChange[];
  /** Removed or changed without a `moved`/`removed` block: what a reviewer must not let through. */
  readonly unaccounted: readonly LedgerChange[];
}

interface StackBlocks {
  readonly moved: ReadonlyMap<string, string>;
  readonly removed: ReadonlySet<string>;
}

export function compareLedger(committed: Ledger, current: Ledger, stacks: readonly StackFile[]): LedgerComparison {
  const blocks = new Map(stacks.map((stack) => [stack.name, stackBlocks(stack)]));
  const now = new Map(current.entries.map((entry) => [key(entry), entry]));
  const before = new Map(committed.entries.map((entry) => [key(entry), entry]));
  const added = current.entries.filter((entry) => !before.has(key(entry)));
  const removed: LedgerChange[] = [];
  const changed: LedgerChange[] = [];
  for (const entry of committed.entries) {
    const tier = committed.stacks.get(entry.stack) ?? current.stacks.get(entry.stack) ?? "non-production";
    const after = now.get(key(entry));
    const stack = blocks.get(entry.stack);
    if (after) {
      if (after.identity !== entry.identity) changed.push({ before: entry, after, tier });
      continue;
    }
    const movedTo = stack?.moved.get(entry.address);
    const target = movedTo === undefined ? undefined : now.get(`${entry.stack}\u0000${movedTo}`);
    if (target && target.identity === entry.identity) removed.push({ before: entry, after: target, accountedBy: "moved", tier });
    else if (stack?.removed.has(entry.address)) removed.push({ before: entry, accountedBy: "removed", tier });
    else removed.push({ before: entry, after: target, tier });
  }
  const unaccounted = [...removed.filter((change) => change.accountedBy === undefined), ...changed];
  return { added, removed, changed, unaccounted };
}

function stackBlocks(stack: StackFile): StackBlocks {
  const moved = new Map<string, string>();
  const removed = new Set<string>();
  for (const block of asList(stack.json.moved)) {
    if (typeof block.from === "string" && typeof block.to === "string") moved.set(block.from, block.to);
  }
  for (const block of asList(stack.json.removed)) {
    if (typeof block.from === "string") removed.add(block.from);
  }
  return { moved, removed };
}

function asList(value: unknown): Record<string, unknown>[] {
  const list = Array.isArray(value) ? value : value && typeof value === "object" ? [value] : [];
  return list.filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null);
}

function key(entry: LedgerEntry): string {
  return `${entry.stack}\u0000${entry.address}`;
}

/** One line per finding, for people. */
export function describeChange(change: LedgerChange): string {
  const where = `${change.before.stack}: ${change.before.address}`;
  if (change.accountedBy === "moved") return `${where} moved to ${change.after?.address}`;
  if (change.accountedBy === "removed") return `${where} removed (state forgets it; the object is kept)`;
  if (change.after && change.after.address === change.before.address) {
    return `${where} now writes ${change.after.identity} (was ${change.before.identity}): the object would be replaced`;
  }
  return `${where} (${change.before.identity}) is gone with no moved or removed block: Terraform would destroy it`;
}

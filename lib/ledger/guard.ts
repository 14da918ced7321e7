/*
 * Removal safety (issue 11, item 7): a synth against the committed ledger and the inventory's
 * retirements. Pure: ledgers, stacks and retirements in, decisions out.
 *
 * - `forgetBlocks`: before synth, the `removed` blocks (`destroy = false`) each stack must carry:
 *   every data-holding object of a retired credential or environment that is not destroyed, for as
 *   long as its retirement stays in the inventory (the ledger keeps them as @forgotten lines).
 * - `guardRemovals`: after synth, every production object that holds data and vanished or would be
 *   replaced, without a retirement that accounts for it, is refused; the next ledger is computed.
 */
import type { StackFile } from "../analysis/access-model/synth-dir";
import { retirementCovers, type Retirement } from "../inventory/schema/retirement";
import { parseOwner, type LedgerOwner } from "./attribution";
import { compareLedger, type LedgerChange } from "./compare";
import { sortEntries, type Ledger, type LedgerEntry } from "./entries";
import { byText } from "../shared/text-order";
import { DATA_HOLDING_TYPES } from "./identity-attributes";

/** The resource type of `<type>.<name>`. */
export function typeOf(address: string): string {
  return address.slice(0, address.indexOf("."));
}

export function holdsData(entry: Pick<LedgerEntry, "address">): boolean {
  return DATA_HOLDING_TYPES.has(typeOf(entry.address));
}

function coveringRetirement(retirements: readonly Retirement[], owner: LedgerOwner): Retirement | undefined {
  // The narrowest retirement decides (a credential's over its connector's over its environment's).
  const covering = retirements.filter((r) => retirementCovers(r, owner));
  const rank = (r: Retirement) => (r.credential !== undefined ? 0 : r.connector !== undefined ? 1 : 2);
  return covering.sort((a, b) => rank(a) - rank(b))[0];
}

/** What a stack of this synth holds: its name and resource addresses. */
export interface StackContent {
  readonly name: string;
  readonly addresses: ReadonlySet<string>;
}

/**
 * Whether Terraform must forget an object of the committed ledger that this synth no longer has:
 * a data-holding object whose retirement keeps it (`destroy: false`), or an environment-wide
 * production object holding data (a KMS key, a rotation function's log group) that an edit made
 * unnecessary while its environment stays. Forgetting is never a loss: the object stays.
 */
function mustForget(entry: LedgerEntry, tier: string | undefined, retirements: readonly Retirement[], environments: ReadonlySet<string>): Retirement | "environment-wide" | undefined {
  if (!holdsData(entry)) return undefined;
  const owner = parseOwner(entry.owner);
  const retirement = coveringRetirement(retirements, owner);
  if (retirement) return retirement.destroy ? undefined : retirement;
  const stays = owner.environment !== undefined && environments.has(owner.environment);
  return tier === "production" && stays && owner.connector === undefined ? "environment-wide" : undefined;
}

/**
 * `removed` blocks by stack: the addresses Terraform must forget. Only stacks of this synth can
 * carry them (a retired environment's own stack is no longer written at all), and never for an
 * address the stack still has.
 */
export function forgetBlocks(
  committed: Ledger | undefined,
  retirements: readonly Retirement[],
  stacks: readonly StackContent[],
  environments: ReadonlySet<string>,
): Map<string, string[]> {
  const blocks = new Map<string, string[]>();
  if (!committed) return blocks;
  const byName = new Map(stacks.map((stack) => [stack.name, stack]));
  const forgotten = new Set((committed.forgotten ?? []).map((entry) => `${entry.stack}\u0000${entry.address}`));
  for (const entry of [...committed.entries, ...(committed.forgotten ?? [])]) {
    const stack = byName.get(entry.stack);
    if (!stack || stack.addresses.has(entry.address)) continue;
    const tier = committed.stacks.get(entry.stack) ?? (forgotten.has(`${entry.stack}\u0000${entry.address}`) ? "production" : undefined);
    if (!mustForget(entry, tier, retirements, environments)) continue;
    const list = blocks.get(entry.stack) ?? [];
    if (!list.includes(entry.address)) list.push(entry.address);
    blocks.set(entry.stack, list);
  }
  for (const list of blocks.values()) list.sort();
  return blocks;
}

export type RefusalKind = "removed" | "replaced" | "retired-but-kept";

/** A production object the synth would lose without a retirement that accounts for it. */
export interface RemovalRefusal {
  readonly kind: RefusalKind;
  readonly entry: LedgerEntry;
  /** The identity it would get instead (replaced). */
  readonly replacement?: string;
  readonly owner: LedgerOwner;
}

/** A production object that leaves Terraform through a retirement. */
export interface RetiredObject {
  readonly entry: LedgerEntry;
  readonly retirement: Retirement;
  /** forgotten: state forgets it, it stays; destroyed: Terraform destroys it (recovery windows apply). */
  readonly outcome: "forgotten" | "destroyed";
}

export interface RemovalGuard {
  readonly refusals: readonly RemovalRefusal[];
  readonly retired: readonly RetiredObject[];
  /** Environment-wide production objects an edit made Terraform forget (no retirement needed). */
  readonly forgottenEnvironmentWide: readonly LedgerEntry[];
  /** What to commit next: the current entries, and the objects still forgotten. */
  readonly next: Ledger;
}

/** `environments`: the environments of this synth (an environment-wide object is forgotten only while its environment stays). */
export function guardRemovals(
  committed: Ledger,
  current: Ledger,
  stacks: readonly StackFile[],
  retirements: readonly Retirement[],
  environments: ReadonlySet<string>,
): RemovalGuard {
  const comparison = compareLedger(committed, current, stacks);
  const present = new Set(stacks.map((stack) => stack.name));
  const refusals: RemovalRefusal[] = [];
  const retired: RetiredObject[] = [];
  const forgotten: LedgerEntry[] = [];
  const environmentWide: LedgerEntry[] = [];
  const guarded = (change: LedgerChange) => change.tier === "production" && holdsData(change.before);

  for (const change of comparison.changed) {
    if (!guarded(change)) continue;
    refusals.push({ kind: "replaced", entry: change.before, replacement: change.after?.identity, owner: parseOwner(change.before.owner) });
  }
  for (const change of comparison.removed) {
    if (change.accountedBy === "moved") continue;
    const owner = parseOwner(change.before.owner);
    const retirement = coveringRetirement(retirements, owner);
    if (change.accountedBy === "removed") {
      const reason = mustForget(change.before, change.tier, retirements, environments);
      if (reason === "environment-wide") {
        forgotten.push(change.before);
        environmentWide.push(change.before);
      } else if (reason) {
        forgotten.push(change.before);
        retired.push({ entry: change.before, retirement: reason, outcome: "forgotten" });
      }
      continue;
    }
    if (!guarded(change)) continue;
    if (retirement?.destroy) {
      retired.push({ entry: change.before, retirement, outcome: "destroyed" });
    } else if (retirement && !present.has(change.before.stack)) {
      // A retired environment's stack is no longer written: nothing applies it, its state and objects stay.
      forgotten.push(change.before);
      retired.push({ entry: change.before, retirement, outcome: "forgotten" });
    } else {
      refusals.push({ kind: retirement ? "retired-but-kept" : "removed", entry: change.before, owner });
    }
  }
  // Objects forgotten earlier stay recorded while their retirement stays (and still says keep).
  const currentKeys = new Set(current.entries.map((entry) => `${entry.stack}\u0000${entry.address}`));
  for (const entry of committed.forgotten ?? []) {
    const keep = mustForget(entry, "production", retirements, environments);
    if (!keep || currentKeys.has(`${entry.stack}\u0000${entry.address}`)) continue;
    // An environment-wide object is recorded while its stack is written (the block lives there).
    if (keep === "environment-wide" && !present.has(entry.stack)) continue;
    if (!forgotten.some((f) => f.stack === entry.stack && f.address === entry.address)) forgotten.push(entry);
  }
  const stackTiers = new Map(current.stacks);
  return {
    refusals: refusals.sort((a, b) => byText(a.entry.stack, b.entry.stack) || byText(a.entry.address, b.entry.address)),
    retired: retired.sort((a, b) => byText(a.entry.stack, b.entry.stack) || byText(a.entry.address, b.entry.address)),
    forgottenEnvironmentWide: sortEntries(environmentWide),
    next: { stacks: stackTiers, entries: current.entries, forgotten: sortEntries(forgotten) },
  };
}

/** The retirement a refusal asks for, as YAML, with a date to fill in. */
export function retirementToWrite(owner: LedgerOwner): string {
  if (!owner.environment) return "";
  const parts = [`environment: ${owner.environment}`];
  if (owner.connector) parts.unshift(`connector: ${owner.connector}`);
  if (owner.connector && owner.credential) parts.splice(1, 0, `credential: ${owner.credential}`);
  return `retirements: [{ ${parts.join(", ")}, on: YYYY-MM-DD, destroy: false }]`;
}

/** One line for people: what would happen, and what to write instead. */
export function describeRefusal(refusal: RemovalRefusal): string {
  const { entry } = refusal;
  const what = `${entry.stack}: ${entry.address} (${entry.identity})`;
  if (refusal.kind === "replaced") {
    return `${what} would be replaced by ${refusal.replacement ?? "another object"}: Terraform would destroy the production object; keep its name, or retire it and add a new one`;
  }
  if (refusal.kind === "retired-but-kept") return `${what} is retired but still in state with no removed block; synth again with the ledger that lists it`;
  const write = retirementToWrite(refusal.owner);
  return write
    ? `${what} is gone from the inventory with no retirement: Terraform would destroy production data; to retire it write ${write} (destroy: true with approvedBy to destroy it)`
    : `${what} is shared by several environments and is gone with no retirement: Terraform would destroy production data; retire the environments that use it first`;
}

/*
 * The committed ledger at synth (issue 11, item 7), the cdktf side: `removed` blocks for what
 * retirements make Terraform forget, added while the stacks are built, and a validation that
 * refuses a synth losing production data without a retirement. Works under `cdktf synth` (the
 * validation runs inside `app.synth()`) and under `etl-secrets synth`.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { StackFile } from "../analysis/access-model/synth-dir";
import { buildIntentManifest } from "../intent/build-intent";
import {
  describeRefusal,
  forgetBlocks,
  formatLedger,
  guardRemovals,
  ledgerOfSynth,
  parseLedger,
  specPathOfOwner,
  type Ledger,
  type RemovalGuard,
} from "../ledger";
import { formatPath } from "../inventory/issues";
import type { Inventory } from "../inventory/model";
import type { InventoryPlan } from "../plan/types";
import type { EtlStack } from "./stacks/etl-stack";

export interface LedgerOptions {
  /** The committed ledger file; created by the first synth when it does not exist yet. */
  readonly file: string;
  /**
   * Write the updated ledger when the synth succeeds: `synth` (in the validation of the last
   * stack, once every check passed), or `caller` (the caller calls `write()`, after its own output
   * is in place). @default "synth"
   */
  readonly write?: "synth" | "caller";
  /** Update the file at all. @default true */
  readonly update?: boolean;
  /** Fail the synth on a refusal (false: add the `removed` blocks and compute, never fail). @default true */
  readonly enforce?: boolean;
}

/** A refusal, with the spec path a person edits and a message that says what to write instead. */
export interface LedgerRefusal {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export class LedgerSession {
  readonly committed?: Ledger;
  private result?: { readonly guard?: RemovalGuard; readonly next: Ledger; readonly refusals: readonly LedgerRefusal[] };

  constructor(
    readonly options: LedgerOptions,
    private readonly inventory: Inventory,
  ) {
    if (existsSync(options.file)) this.committed = parseLedger(readFileSync(options.file, "utf8"), options.file);
  }

  /**
   * Once, on the stacks' final JSON (before any is written): adds the `removed` blocks the ledger
   * and the retirements ask for, then compares with the committed ledger.
   */
  evaluate(
    stacks: readonly EtlStack[],
    plan: InventoryPlan,
  ): { readonly guard?: RemovalGuard; readonly next: Ledger; readonly refusals: readonly LedgerRefusal[] } {
    if (this.result) return this.result;
    const contents = stacks.map((stack) => ({ name: stack.node.id, addresses: stack.resourceAddresses() }));
    const environments = new Set(plan.environments.map((env) => env.name));
    const blocks = forgetBlocks(this.committed, this.inventory.retirements, contents, environments);
    for (const stack of stacks) {
      const addresses = blocks.get(stack.node.id);
      if (addresses) stack.forget(addresses);
    }
    const files: StackFile[] = stacks
      .map((stack) => ({ name: stack.node.id, file: `stacks/${stack.node.id}/cdk.tf.json`, json: stack.synthesizedJson() }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const current = ledgerOfSynth({ dir: "(synth)", intent: buildIntentManifest(plan), stacks: files });
    if (!this.committed) return (this.result = { next: current, refusals: [] });
    const guard = guardRemovals(this.committed, current, files, this.inventory.retirements, environments);
    const refusals = guard.refusals.map((refusal) => ({
      path: specPathOfOwner(this.inventory, refusal.owner),
      message: describeRefusal(refusal),
    }));
    return (this.result = { guard, next: guard.next, refusals });
  }

  /** The refusals as cdktf validation errors. */
  errors(stacks: readonly EtlStack[], plan: InventoryPlan): string[] {
    const { refusals } = this.evaluate(stacks, plan);
    if (this.options.enforce === false) return [];
    return refusals.map((r) => `[ledger] ${formatPath(r.path)}: ${r.message}`);
  }

  /** Writes the next ledger when it differs from the file; returns whether it wrote. */
  write(): boolean {
    if (this.options.update === false || !this.result || this.result.refusals.length > 0) return false;
    const text = formatLedger(this.result.next);
    if (existsSync(this.options.file) && readFileSync(this.options.file, "utf8") === text) return false;
    mkdirSync(dirname(this.options.file), { recursive: true });
    const temporary = `${this.options.file}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, this.options.file);
    return true;
  }
}

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeInventory } from "../../../lib/constructs/synthesize";
import { validateDocument } from "../../../lib/inventory/validate";
import type { Inventory } from "../../../lib/inventory/model";
import { fixtureSynthDir, type SharedFixture } from "../../support/fixture-synth";

/** Temp dirs made by a test file; `cleanup()` in afterAll removes them. */
export class SynthDirs {
  private readonly dirs: string[] = [];

  temp(prefix = "etl-secrets-analysis-"): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  /**
   * Synthesizes an inventory into a fresh directory (one that does not exist yet, inside a temp
   * directory of this file's: synth renames its staged output into place whole).
   */
  synth(inventory: Inventory): string {
    const dir = join(this.temp(), "out");
    synthesizeInventory(inventory, dir);
    return dir;
  }

  /**
   * A shipped fixture's synth output: the run's shared one (test/support/fixture-synth.ts), or else
   * a fresh synth here. Read only: plant changes in a copy.
   */
  fixture(fixture: SharedFixture): string {
    return fixtureSynthDir(fixture, this);
  }

  /** A copy of a synth directory, to plant a breach in. */
  copy(dir: string): string {
    const target = this.temp();
    cpSync(dir, target, { recursive: true });
    return target;
  }

  cleanup(): void {
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** A validated inventory from a raw document (a mutated fixture). */
export function inventoryOf(document: unknown): Inventory {
  const result = validateDocument(document);
  if (!result.ok || !result.inventory) throw new Error(`invalid test inventory: ${JSON.stringify(result.issues.slice(0, 3))}`);
  return result.inventory;
}

export function stackPath(dir: string, stack: string): string {
  return join(dir, "stacks", stack, "cdk.tf.json");
}

export function readStack(dir: string, stack: string): any {
  return JSON.parse(readFileSync(stackPath(dir, stack), "utf8"));
}

export function writeStack(dir: string, stack: string, json: unknown): void {
  writeFileSync(stackPath(dir, stack), JSON.stringify(json, null, 2));
}

/** Edits one stack's JSON in place. */
export function editStack(dir: string, stack: string, edit: (json: any) => void): void {
  const json = readStack(dir, stack);
  edit(json);
  writeStack(dir, stack, json);
}

/** The one resource of a type whose key contains `fragment`. */
export function resourceKey(json: any, type: string, fragment: string): string {
  const keys = Object.keys(json.resource?.[type] ?? {}).filter((k) => k.includes(fragment));
  if (keys.length !== 1) throw new Error(`expected one ${type} matching "${fragment}", found ${keys.join(", ") || "none"}`);
  return keys[0];
}

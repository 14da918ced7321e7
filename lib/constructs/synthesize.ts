import { rmSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import type { Inventory } from "../spec/model";
import { addEtlSecretsStacks, type EtlSecretsStacks } from "./etl-secrets-app";

export interface SynthesisResult {
  readonly outDir: string;
  /** Stack names, sorted. */
  readonly stacks: readonly string[];
  readonly app: EtlSecretsStacks;
}

/**
 * Synthesizes a validated inventory into `<outDir>/stacks/<stack>/cdk.tf.json`. Stacks of a
 * previous run are removed first, so a removed environment leaves no stale stack behind (state
 * lives outside the output, so nothing of value is lost).
 */
export function synthesizeInventory(inventory: Inventory, outDir: string): SynthesisResult {
  rmSync(join(outDir, "stacks"), { recursive: true, force: true });
  const app = new App({ outdir: outDir });
  const stacks = addEtlSecretsStacks(app, inventory);
  app.synth();
  const names = [...stacks.environments.values(), ...stacks.vaultClusters.values(), ...stacks.awsAccounts.values()]
    .map((stack) => stack.node.id)
    .sort();
  return { outDir, stacks: names, app: stacks };
}

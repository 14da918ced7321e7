import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import type { Inventory } from "../spec/model";
import type { Finding } from "../checks/types";
import { addEtlSecretsStacks, type EtlSecretsStacks } from "./etl-secrets-app";
import { writeIntentManifest } from "../analysis/intent/write-intent";

/** Synth stopped by error findings of the secure-default checks; nothing was kept. */
export class ChecksFailedError extends Error {
  constructor(readonly findings: readonly Finding[], detail: string) {
    super(`the secure-default checks failed:\n${detail}`);
    this.name = "ChecksFailedError";
  }
}

export interface SynthesisResult {
  readonly outDir: string;
  /** Stack names, sorted. */
  readonly stacks: readonly string[];
  readonly app: EtlSecretsStacks;
  /** Findings of the checks, suppressed and warnings included. */
  readonly findings: readonly Finding[];
}

/**
 * Synthesizes a validated inventory into `<outDir>/stacks/<stack>/cdk.tf.json`. Stacks of a
 * previous run are removed first, so a removed environment leaves no stale stack behind (state
 * lives outside the output, so nothing of value is lost).
 */
export function synthesizeInventory(inventory: Inventory, outDir: string): SynthesisResult {
  return withPlainStackTraces(() => synthesize(inventory, outDir));
}

/**
 * cdktf captures a stack trace for every token it creates; with source maps on (tsx, ts-node),
 * each capture maps every frame, which costs a fifth of a large synth. Nobody reads those traces.
 */
function withPlainStackTraces<T>(work: () => T): T {
  const enabled = process.sourceMapsEnabled;
  process.setSourceMapsEnabled(false);
  try {
    return work();
  } finally {
    process.setSourceMapsEnabled(enabled);
  }
}

function synthesize(inventory: Inventory, outDir: string): SynthesisResult {
  rmSync(join(outDir, "stacks"), { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const app = new App({ outdir: outDir });
  const stacks = addEtlSecretsStacks(app, inventory);
  try {
    app.synth();
  } catch (error) {
    // Half-written output must not be mistaken for a result.
    rmSync(join(outDir, "stacks"), { recursive: true, force: true });
    const errors = stacks.checks.findings.filter((f) => f.severity === "error" && !f.suppressedBecause);
    if (errors.length > 0 || stacks.checks.unusedSuppressions.length > 0) {
      throw new ChecksFailedError(errors, (error as Error).message);
    }
    throw error;
  }
  // Who the inventory grants what, beside the stacks: `simulate` compares the synthesized policies with it.
  writeIntentManifest(stacks.plan, outDir);
  const names = [...stacks.environments.values(), ...stacks.vaultClusters.values(), ...stacks.awsAccounts.values()]
    .map((stack) => stack.node.id)
    .sort();
  return { outDir, stacks: names, app: stacks, findings: stacks.checks.findings };
}

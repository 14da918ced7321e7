import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { InventoryPlan } from "../plan/types";
import type { BoundaryException } from "../inventory/schema/exception";
import { buildIntentManifest, type Suppression } from "./build-intent";
import { INTENT_FILE } from "./types";

/** The manifest as the bytes synth writes: the same plan always gives the same text. */
export function intentManifestText(
  plan: InventoryPlan,
  exceptions: readonly BoundaryException[] = [],
  suppressions: readonly Suppression[] = [],
): string {
  return `${JSON.stringify(buildIntentManifest(plan, exceptions, suppressions), null, 2)}\n`;
}

/** Writes `<outDir>/intent.json` beside the stacks; returns its path. */
export function writeIntentManifest(
  plan: InventoryPlan,
  outDir: string,
  exceptions: readonly BoundaryException[] = [],
  suppressions: readonly Suppression[] = [],
): string {
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, INTENT_FILE);
  writeFileSync(path, intentManifestText(plan, exceptions, suppressions));
  return path;
}

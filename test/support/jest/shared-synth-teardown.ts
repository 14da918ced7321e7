/** Unit-suite globalTeardown part: deletes what shared-synth-setup.ts synthesized. */
import { rmSync } from "node:fs";
import { SHARED_SYNTH_VARIABLE } from "../fixture-synth";

export default function sharedSynthTeardown(): void {
  const root = process.env[SHARED_SYNTH_VARIABLE];
  if (root === undefined || root === "") return;
  rmSync(root, { recursive: true, force: true });
  delete process.env[SHARED_SYNTH_VARIABLE];
}

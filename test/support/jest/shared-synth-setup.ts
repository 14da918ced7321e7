/**
 * Unit-suite globalSetup part: synthesizes the shared fixtures (test/support/fixture-synth.ts) once,
 * before any worker starts, into a temp directory named in ETL_SECRETS_SHARED_SYNTH (workers inherit
 * the environment). shared-synth-teardown.ts deletes it.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SHARED_SYNTH_VARIABLE, synthesizeSharedFixtures } from "../fixture-synth";

export default function sharedSynthSetup(): void {
  const root = mkdtempSync(join(tmpdir(), "etl-secrets-shared-synth-"));
  process.env[SHARED_SYNTH_VARIABLE] = root;
  synthesizeSharedFixtures(root);
}

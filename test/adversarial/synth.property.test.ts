/*
 * Adversarial inventories through synth: every accepted case synthesizes with zero server objects
 * written twice, zero grants across a boundary or beyond intent (simulate, with its independent
 * proof), zero live templates or cross-stack reads the library did not make, and never a
 * canary in any file, message or stream. ADVERSARIAL_SYNTH_RUNS sets the count (full 300, light 30 in CI; fixed seed).
 * Counterexamples found once are kept in ./corpus and replayed first.
 */
import fc from "fast-check";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChecksFailedError, synthesizeInventory } from "../../lib/constructs/synthesize";
import { formatIssue } from "../../lib/inventory/issues";
import { validateDocument } from "../../lib/inventory/validate";
import { adversarialInventory, type AdversarialCase } from "./adversarial-inventory";
import { makeCanaries } from "./hostile-text";
import { oracleCollisions, oracleIdentities } from "./naming-oracle";
import { synthFindings } from "./synth-oracle";
import { propertyRuns } from "../support/property-runs";

const RUNS = propertyRuns(300, { variable: "ADVERSARIAL_SYNTH_RUNS" });
const SEED = Number(process.env.ADVERSARIAL_SEED ?? 20261203);
const CORPUS = join(__dirname, "corpus");

/** Everything written to stdout, stderr or the console while `work` runs. */
function captured<T>(work: () => T): { value?: T; error?: unknown; output: string } {
  let output = "";
  const write = (chunk: unknown) => {
    output += String(chunk);
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, "write").mockImplementation(write as never),
    jest.spyOn(process.stderr, "write").mockImplementation(write as never),
    ...(["log", "warn", "error", "info"] as const).map((level) =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void write(args.join(" "))),
    ),
  ];
  try {
    return { value: work(), output };
  } catch (error) {
    return { error, output };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/** Checks one case; returns whether it was synthesized (false: refused by validation). */
function checkCase(kase: AdversarialCase): boolean {
  const result = validateDocument(kase.document);
  const messages = result.issues.map((issue) => formatIssue(issue, "inventory.yaml")).join("\n");
  for (const canary of kase.canaries) expect(messages).not.toContain(canary);
  if (!result.ok || !result.inventory) return false;
  expect(oracleCollisions(oracleIdentities(result.inventory))).toEqual([]);
  const out = mkdtempSync(join(tmpdir(), "etl-adversarial-"));
  try {
    const run = captured(() => synthesizeInventory(result.inventory!, out));
    const streams = `${run.output}\n${run.error instanceof Error ? run.error.message : ""}`;
    for (const canary of kase.canaries) expect(streams).not.toContain(canary);
    if (run.error) {
      // A refusal at synth is a refusal, but only by the checks, never an internal error.
      expect(run.error).toBeInstanceOf(ChecksFailedError);
      return true;
    }
    const findings = synthFindings(out, kase.canaries);
    expect(findings).toEqual({ duplicates: [], violations: [], liveTemplates: [], canaries: [] });
    return true;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe("adversarial inventories through synth", () => {
  const corpus = readdirSync(CORPUS)
    .filter((name) => name.endsWith(".json"))
    .sort();
  it.each(corpus)("corpus case %s stays refused or clean", (name) => {
    const kase = JSON.parse(readFileSync(join(CORPUS, name), "utf8")) as AdversarialCase;
    checkCase(kase);
  });

  // RUNS counts synthesized cases: refused ones are skipped (fc.pre) and do not count.
  it(`are refused, or synthesize with no collision, live template or canary (${RUNS} synthesized)`, () => {
    const canaries = makeCanaries();
    fc.assert(
      fc.property(adversarialInventory(canaries), (kase) => {
        fc.pre(validateDocument(kase.document).ok);
        checkCase(kase);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true, maxSkipsPerRun: 100 },
    );
  }, 900_000);
});

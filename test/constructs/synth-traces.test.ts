import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Lazy } from "cdktf";
import * as cdktfTraces from "cdktf/lib/tokens/private/stack-trace";
import { synthesizeInventory } from "../../lib/constructs/synthesize";
import { withoutTokenTraces } from "../../lib/constructs/synth-traces";
import { fixtureInventory } from "../support/inventories";
import { tokenTracesOff, tokenTracesOn } from "../support/token-traces";

describe("token stack traces during a synth", () => {
  // The suite runs without them (test/support/token-traces.ts); here cdktf's own capture is under test.
  beforeAll(tokenTracesOn);
  afterAll(tokenTracesOff);

  it("a synth captures no stack trace per token, and puts cdktf's capture back afterwards", () => {
    const original = cdktfTraces.captureStackTrace;
    let captures = 0;
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- V8's captureStackTrace takes any function as the frame to stop at
    const counting = (below?: Function) => {
      captures++;
      return original(below);
    };
    (cdktfTraces as { captureStackTrace: typeof counting }).captureStackTrace = counting;
    const dir = mkdtempSync(join(tmpdir(), "etl-secrets-traces-"));
    try {
      synthesizeInventory(fixtureInventory("acme.yaml"), dir);
      expect(captures).toBe(0);
      expect(cdktfTraces.captureStackTrace).toBe(counting);
    } finally {
      (cdktfTraces as { captureStackTrace: typeof original }).captureStackTrace = original;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("tokens made inside carry an empty creation stack; outside, cdktf's trace again", () => {
    const inside = withoutTokenTraces(() => Lazy.stringValue({ produce: () => "x" }));
    const outside = Lazy.stringValue({ produce: () => "x" });
    expect(tokenCreationStack(inside)).toEqual([]);
    expect(tokenCreationStack(outside).length).toBeGreaterThan(0);
  });

  it("restores the capture and source maps when the work throws", () => {
    const original = cdktfTraces.captureStackTrace;
    const sourceMaps = process.sourceMapsEnabled;
    expect(() =>
      withoutTokenTraces(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(cdktfTraces.captureStackTrace).toBe(original);
    expect(process.sourceMapsEnabled).toBe(sourceMaps);
  });
});

/** The creation stack cdktf keeps in the Lazy behind a string token. */
function tokenCreationStack(token: string): string[] {
  const { TokenMap } = require("cdktf/lib/tokens/private/token-map") as {
    TokenMap: { instance(): { lookupString(s: string): { creationStack: string[] } } };
  };
  return TokenMap.instance().lookupString(token).creationStack;
}

/*
 * The unit suite's globalSetup runs in jest's own process, whose global object every test file run
 * in band sees; what the setup loaded must leave nothing there (./global-setup.js).
 */
import { TokenMap } from "cdktf/lib/tokens/private/token-map";
import { $ZodRegistry, globalRegistry } from "zod/v4/core";
import { withoutNewGlobals } from "./without-new-globals";

type Scratch = typeof globalThis & Record<string, unknown>;
const scratch = globalThis as Scratch;

describe("withoutNewGlobals", () => {
  it("removes what the work added, sync or async, and keeps what was there", async () => {
    scratch.__etlKept = "kept";
    const symbol = Symbol("added");
    try {
      const result = await withoutNewGlobals(async () => {
        scratch.__etlAdded = { singleton: true };
        Object.defineProperty(globalThis, symbol, { value: 1, configurable: true });
        await Promise.resolve();
        scratch.__etlLater = 2;
        return "done";
      });
      expect(result).toBe("done");
      expect("__etlAdded" in globalThis).toBe(false);
      expect("__etlLater" in globalThis).toBe(false);
      expect(Object.getOwnPropertySymbols(globalThis)).not.toContain(symbol);
      expect(scratch.__etlKept).toBe("kept");
    } finally {
      delete scratch.__etlKept;
    }
  });

  it("removes them when the work fails too, and passes its error on", async () => {
    await expect(
      withoutNewGlobals(() => {
        scratch.__etlAdded = 1;
        throw new Error("synth failed");
      }),
    ).rejects.toThrow("synth failed");
    expect("__etlAdded" in globalThis).toBe(false);
  });

  it("refuses a global it cannot remove, by name", async () => {
    await expect(
      withoutNewGlobals(() => {
        Object.defineProperty(globalThis, "__etlStuck", { value: 1, configurable: false });
      }),
    ).rejects.toThrow("cannot remove: __etlStuck");
  });
});

describe("a test file's singletons", () => {
  // In a run in band these were the jest process's own (the global setup's shared synth made them)
  // until global-setup.js removed them: every file's tokens and schemas landed in one map.
  it("are its own cdktf token map and zod registry", () => {
    expect(TokenMap.instance()).toBeInstanceOf(TokenMap);
    expect(globalRegistry).toBeInstanceOf($ZodRegistry);
  });
});

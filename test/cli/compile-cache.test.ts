import { enableCompileCache } from "../../lib/cli/compile-cache";

describe("Node's compile cache at start-up", () => {
  it("is turned on where Node has it (22.1+), in the directory Node chooses", () => {
    const calls: unknown[][] = [];
    const api = {
      enableCompileCache: (...args: unknown[]) => {
        calls.push(args);
        return { status: 1, directory: "/tmp/node-compile-cache" };
      },
    };
    expect(enableCompileCache(api)).toBe("/tmp/node-compile-cache");
    // No directory of its own: NODE_COMPILE_CACHE, else Node's default under the temporary directory.
    expect(calls).toEqual([[]]);
  });

  it("changes nothing on Node 20, which has no compile cache", () => {
    expect(enableCompileCache({})).toBeUndefined();
  });

  it("never stops the command when the cache cannot be used (disabled, or a directory it cannot write)", () => {
    expect(enableCompileCache({ enableCompileCache: () => ({ status: 3, message: "Disabled by NODE_DISABLE_COMPILE_CACHE" }) })).toBeUndefined();
    expect(
      enableCompileCache({
        enableCompileCache: () => {
          throw new Error("EACCES");
        },
      }),
    ).toBeUndefined();
  });
});

import { join } from "node:path";
import type { CliIo } from "../../lib/cli/io";

/*
 * Start-up: the CLI loads only what a command needs. `--help` and `validate` never load cdktf, the
 * providers, the AWS SDK or the analysis: here each of those throws if anything requires it.
 */
const HEAVY = ["cdktf", "constructs", "@aws-sdk/client-secrets-manager", "@secretlint/core"];
const EXAMPLE = join(__dirname, "..", "..", "examples", "multi-env", "connectors.yaml");

async function runWithHeavyModulesRefused(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let result: Promise<{ code: number; out: string; err: string }> | undefined;
  jest.isolateModules(() => {
    for (const name of HEAVY) jest.doMock(name, () => { throw new Error(`${name} was loaded`); });
    // The analysis and the constructs are the library's own heavy parts.
    jest.doMock("../../lib/constructs/synthesize", () => { throw new Error("the synthesizer was loaded"); });
    jest.doMock("../../lib/analysis/access-model", () => { throw new Error("the analysis was loaded"); });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { run } = require("../../lib/cli/main") as typeof import("../../lib/cli/main");
    let out = "";
    let err = "";
    const io: CliIo = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) };
    result = run(argv, io).then((code) => ({ code, out, err }));
  });
  return result!;
}

afterEach(() => jest.resetModules());

describe("the CLI loads only what a command needs", () => {
  it("prints its help without loading cdktf, the providers, the AWS SDK or the analysis", async () => {
    const { code, out } = await runWithHeavyModulesRefused(["--help"]);
    expect(code).toBe(0);
    expect(out).toContain("validate");
  });

  it("validates an inventory without loading them", async () => {
    const { code, out, err } = await runWithHeavyModulesRefused(["validate", EXAMPLE]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toMatch(/valid \(8 connector\(s\), 4 environment\(s\)\)/);
  });

  it("still loads them when a command needs them (the refusal is real)", async () => {
    const { code, err } = await runWithHeavyModulesRefused(["simulate", "/nonexistent"]);
    expect(code).toBe(3);
    expect(err).toMatch(/the analysis was loaded/);
  });
});

import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DeterministicBundle } from "../../lib/rotation/bundle";
import { runCachedFunctionBundle } from "./bundle-cache";

function fakeBuild(): { build: (name: string) => DeterministicBundle; calls: string[] } {
  const calls: string[] = [];
  const build = (name: string): DeterministicBundle => {
    calls.push(name);
    const zip = Buffer.from(`zip of ${name}`);
    return { zip, sha256Base64: createHash("sha256").update(zip).digest("base64") };
  };
  return { build, calls };
}

describe("the run's function-bundle cache (test support)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "etl-secrets-bundle-cache-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("builds a bundle once, then reads the same bytes and hash from the run's directory", () => {
    const { build, calls } = fakeBuild();
    const first = runCachedFunctionBundle(build, dir)("notifier", "lib/x.ts", ["@aws-sdk/*"]);
    const second = runCachedFunctionBundle(build, dir)("notifier", "lib/x.ts", ["@aws-sdk/*"]);
    expect(calls).toEqual(["notifier"]);
    expect(second.zip.equals(first.zip)).toBe(true);
    expect(second.sha256Base64).toBe(first.sha256Base64);
    expect(readdirSync(join(dir, "function-bundles")).every((file) => file.endsWith(".zip"))).toBe(true);
  });

  it("keys by name, source and externals", () => {
    const { build, calls } = fakeBuild();
    const cached = runCachedFunctionBundle(build, dir);
    cached("a", "lib/a.ts", []);
    cached("a", "lib/b.ts", []);
    cached("a", "lib/a.ts", ["pg-native"]);
    cached("b", "lib/a.ts", []);
    cached("a", "lib/a.ts", []);
    expect(calls).toEqual(["a", "a", "a", "b"]);
  });

  it("without a run directory, every call builds", () => {
    const { build, calls } = fakeBuild();
    const cached = runCachedFunctionBundle(build, undefined);
    cached("a", "lib/a.ts", []);
    cached("a", "lib/a.ts", []);
    expect(calls).toEqual(["a", "a"]);
  });
});

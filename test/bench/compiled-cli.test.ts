import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { needsBuild } from "../../bench/compiled-cli";

describe("whether the bench builds dist/ first", () => {
  let root: string;
  const file = (path: string, mtime: number) => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, "");
    utimesSync(full, mtime, mtime);
  };
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), "bench-build-test-"))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("builds when there is no compiled CLI", () => {
    file("lib/inventory/load.ts", 1000);
    expect(needsBuild(root)).toBe(true);
  });

  it("builds when a source under lib/ or bin/ is newer than the oldest compiled file, and not otherwise", () => {
    file("lib/inventory/load.ts", 1000);
    file("bin/etl-secrets.ts", 1000);
    file("dist/bin/etl-secrets.js", 2000);
    file("dist/lib/inventory/load.js", 2000);
    expect(needsBuild(root)).toBe(false);
    file("lib/cli/commands/deep/new.ts", 3000);
    expect(needsBuild(root)).toBe(true);
    file("dist/lib/inventory/load.js", 4000);
    file("dist/bin/etl-secrets.js", 4000);
    expect(needsBuild(root)).toBe(false);
    file("bin/etl-secrets.ts", 5000);
    expect(needsBuild(root)).toBe(true);
  });
});

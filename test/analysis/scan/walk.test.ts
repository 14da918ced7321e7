import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectTextFiles } from "../../../lib/analysis/scan";

describe("collectTextFiles", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scan-walk-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("walks directories in sorted order, skipping node_modules, .git, binary, oversized files and links with a note", () => {
    mkdirSync(join(dir, "src"));
    mkdirSync(join(dir, "node_modules"));
    mkdirSync(join(dir, ".git"));
    writeFileSync(join(dir, "src", "b.ts"), "b");
    writeFileSync(join(dir, "src", "a.ts"), "a");
    writeFileSync(join(dir, "node_modules", "x.js"), "x");
    writeFileSync(join(dir, "image.png"), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    writeFileSync(join(dir, "big.log"), "x".repeat(200));
    symlinkSync(join(dir, "src", "a.ts"), join(dir, "link.ts"));
    const result = collectTextFiles([dir], 100);
    expect(result.files.map((f) => f.path)).toEqual([join(dir, "src", "a.ts"), join(dir, "src", "b.ts")]);
    expect(result.errors).toEqual([]);
    expect(result.skipped.map((s) => [s.file.slice(dir.length + 1), s.reason])).toEqual([
      [".git", ".git directory; not scanned"],
      ["big.log", "larger than 100 bytes (200); not scanned"],
      ["image.png", "binary file (contains NUL bytes); not scanned"],
      ["link.ts", "symbolic link; not followed"],
      ["node_modules", "node_modules directory; not scanned"],
    ]);
  });

  it("reports missing paths and binary files named by the user as errors", () => {
    writeFileSync(join(dir, "blob.bin"), Buffer.from([0, 1, 2]));
    const result = collectTextFiles([join(dir, "missing.txt"), join(dir, "blob.bin")]);
    expect(result.errors).toEqual([
      `${join(dir, "missing.txt")}: no such file or directory`,
      `${join(dir, "blob.bin")}: binary file (contains NUL bytes); not scanned`,
    ]);
  });
});

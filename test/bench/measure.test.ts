import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measure } from "../../bench/measure";

describe("measuring one command as a whole process", () => {
  let scratch: string;
  beforeEach(() => (scratch = mkdtempSync(join(tmpdir(), "bench-measure-test-"))));
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it("reports its exit code, wall time and (with GNU time) peak RSS, and leaves no file behind", async () => {
    const result = await measure(process.execPath, ["-e", "Buffer.alloc(64 * 1024 * 1024, 1); process.exitCode = 1"], {
      timeoutSeconds: 60,
      scratch,
    });
    expect(result).toMatchObject({ exitCode: 1, timedOut: false });
    expect(result.seconds).toBeGreaterThan(0);
    if (existsSync("/usr/bin/time")) expect(result.peakRssMb).toBeGreaterThan(64);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it("kills a command that outlives its timeout, with what it started, and says it timed out", async () => {
    const started = Date.now();
    const result = await measure("sh", ["-c", "sleep 30 & sleep 30; wait"], { timeoutSeconds: 1, scratch });
    expect(result).toMatchObject({ timedOut: true, exitCode: null });
    expect(result.peakRssMb).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("keeps the end of what the command wrote to stderr", async () => {
    const result = await measure(process.execPath, ["-e", "console.error('x'.repeat(5000) + 'the end'); process.exit(3)"], {
      timeoutSeconds: 60,
      scratch,
    });
    expect(result.exitCode).toBe(3);
    expect(result.stderrTail.trim().endsWith("the end")).toBe(true);
    expect(result.stderrTail.length).toBeLessThanOrEqual(4000);
  });
});

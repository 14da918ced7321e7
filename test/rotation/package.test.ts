import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { ROTATION_TARGETS, packageRotationFunction } from "../../lib/rotation/package";

// This file tests the bundler itself: the real one, not the run's cache (test/support/bundle-cache.ts).
jest.unmock("../../lib/rotation/bundle");

describe("packageRotationFunction", () => {
  it.each(ROTATION_TARGETS.map((target) => [target]))(
    "%s: one index.js with a handler, the SDK left to the runtime, no absolute paths",
    (target) => {
      const bundle = packageRotationFunction(target);
      expect(bundle).toMatchObject({ handler: "index.handler", runtime: "nodejs22.x" });
      const files = unzipSync(bundle.zip);
      expect(Object.keys(files)).toEqual(["index.js"]);
      const code = Buffer.from(files["index.js"]).toString("utf8");
      expect(code).toContain('require("@aws-sdk/client-secrets-manager")');
      expect(code).not.toContain(process.cwd());
      expect(code).not.toMatch(/node_modules\//);
      expect(code).not.toMatch(/cdktf/);
    },
  );

  it("writes fixed timestamps (1980-01-01 00:00 DOS time) whatever the time zone", () => {
    const zip = packageRotationFunction("key-broker").zip;
    // Local file header: modification time at offset 10, date at 12.
    expect(zip.readUInt16LE(10)).toBe(0);
    expect(zip.readUInt16LE(12)).toBe((0 << 9) | (1 << 5) | 1);
  });

  it("gives the same bytes in another process and another time zone", () => {
    const script =
      `const p = require(${JSON.stringify(join(__dirname, "../../lib/rotation/package"))});` +
      `process.stdout.write(JSON.stringify(p.ROTATION_TARGETS.map((t) => p.packageRotationFunction(t).sha256Base64)))`;
    const elsewhere = JSON.parse(
      execFileSync(process.execPath, ["--import", "tsx", "-e", script], {
        encoding: "utf8",
        env: { ...process.env, TZ: "Pacific/Kiritimati" },
      }),
    );
    expect(elsewhere).toEqual(ROTATION_TARGETS.map((target) => packageRotationFunction(target).sha256Base64));
  });
});

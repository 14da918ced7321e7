import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PREBUILT_SUMS, prebuiltBundle, usesPrebuilt } from "../../lib/rotation/bundle";
import { NOTIFIER_BUNDLE, packageNotifierFunction } from "../../lib/rotation/notifier/package";
import { ROTATION_TARGETS, packageRotationFunction } from "../../lib/rotation/package";
import { REMINDERS_BUNDLE, packageRemindersFunction } from "../../lib/rotation/reminders/package";
import { VAULT_WATCH_BUNDLE, packageVaultWatchFunction } from "../../lib/rotation/vault/watch-package";
import { buildBundles } from "../../tools/build-bundles";

// This file tests the bundler itself: the real one, not the run's cache (test/support/bundle-cache.ts).
jest.unmock("../../lib/rotation/bundle");

describe("prebuilt rotation bundles (what `npm pack` ships and an installed package copies)", () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), "etl-prebuilt-"));
    buildBundles(directory);
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("writes one zip per rotation target and the notifier, plus a SHA256SUMS in sha256sum format", () => {
    expect(readdirSync(directory).sort()).toEqual(
      [...[...ROTATION_TARGETS, NOTIFIER_BUNDLE, VAULT_WATCH_BUNDLE, REMINDERS_BUNDLE].map((name) => `${name}.zip`), PREBUILT_SUMS].sort(),
    );
    const lines = readFileSync(join(directory, PREBUILT_SUMS), "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(ROTATION_TARGETS.length + 3);
    for (const line of lines) {
      const [hex, name] = line.split("  ");
      expect(hex).toBe(
        createHash("sha256")
          .update(readFileSync(join(directory, name)))
          .digest("hex"),
      );
    }
  });

  it("reads back the very bytes and hash a checkout's synth builds with esbuild", () => {
    for (const target of ROTATION_TARGETS) {
      const built = packageRotationFunction(target);
      const prebuilt = prebuiltBundle(target, directory);
      expect(prebuilt.sha256Base64).toBe(built.sha256Base64);
      expect(prebuilt.zip.equals(built.zip)).toBe(true);
    }
    expect(prebuiltBundle(NOTIFIER_BUNDLE, directory).sha256Base64).toBe(packageNotifierFunction().sha256Base64);
    expect(prebuiltBundle(VAULT_WATCH_BUNDLE, directory).sha256Base64).toBe(packageVaultWatchFunction().sha256Base64);
    expect(prebuiltBundle(REMINDERS_BUNDLE, directory).sha256Base64).toBe(packageRemindersFunction().sha256Base64);
  });

  it("refuses a zip changed after packing, naming both hashes", () => {
    const copy = mkdtempSync(join(tmpdir(), "etl-prebuilt-tampered-"));
    try {
      writeFileSync(join(copy, PREBUILT_SUMS), readFileSync(join(directory, PREBUILT_SUMS)));
      const zip = readFileSync(join(directory, "key-broker.zip"));
      zip[zip.length - 1] ^= 0xff;
      writeFileSync(join(copy, "key-broker.zip"), zip);
      expect(() => prebuiltBundle("key-broker", copy)).toThrow(
        /key-broker\.zip has SHA-256 [0-9a-f]{64}, but SHA256SUMS says [0-9a-f]{64}/,
      );
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it("refuses a zip SHA256SUMS does not list, and a missing zip", () => {
    const copy = mkdtempSync(join(tmpdir(), "etl-prebuilt-partial-"));
    try {
      writeFileSync(join(copy, "notifier.zip"), readFileSync(join(directory, "notifier.zip")));
      writeFileSync(join(copy, PREBUILT_SUMS), "");
      expect(() => prebuiltBundle(NOTIFIER_BUNDLE, copy)).toThrow(/lists no SHA-256 for notifier\.zip/);
      expect(() => prebuiltBundle("key-broker", copy)).toThrow(/no prebuilt bundle for key-broker/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  describe("which code takes them (usesPrebuilt)", () => {
    let build: string;
    const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);
    beforeEach(() => {
      build = mkdtempSync(join(tmpdir(), "etl-prebuilt-build-"));
      writeFileSync(join(build, "bundle.js"), "");
      writeFileSync(join(build, "bundle.ts"), "");
      writeFileSync(join(build, PREBUILT_SUMS), "");
    });
    afterEach(() => rmSync(build, { recursive: true, force: true }));

    it("compiled code whose build wrote the bundles after compiling (npm run build), or at the same time (a package)", () => {
      at(join(build, "bundle.js"), 1_000);
      at(join(build, PREBUILT_SUMS), 1_005);
      expect(usesPrebuilt(join(build, "bundle.js"), build)).toBe(true);
      at(join(build, PREBUILT_SUMS), 1_000);
      expect(usesPrebuilt(join(build, "bundle.js"), build)).toBe(true);
    });

    it("not the TypeScript sources (tsx, ts-jest), which bundle what they run", () => {
      at(join(build, "bundle.ts"), 1_000);
      at(join(build, PREBUILT_SUMS), 1_005);
      expect(usesPrebuilt(join(build, "bundle.ts"), build)).toBe(false);
    });

    it("not bundles older than the compiled code (a tsc after an older build), nor missing ones", () => {
      at(join(build, "bundle.js"), 1_005);
      at(join(build, PREBUILT_SUMS), 1_000);
      expect(usesPrebuilt(join(build, "bundle.js"), build)).toBe(false);
      rmSync(join(build, PREBUILT_SUMS));
      expect(usesPrebuilt(join(build, "bundle.js"), build)).toBe(false);
    });
  });
});

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ZOD_VERSION } from "../../lib/cli/zod-locales-on-demand";

/*
 * The CLI's start-up gives zod's locales index an exports object that loads each locale on first
 * read. Each case runs in its own process (a fresh module cache, as the CLI starts), and the
 * oracle is zod's real index loaded in another process: the same names, each bound to the same
 * locale file, frozen the same way, the same messages.
 */
const ROOT = join(__dirname, "..", "..");
const SHIM = join(ROOT, "lib", "cli", "zod-locales-on-demand.ts");

interface Report {
  readonly installed: boolean;
  /** Locale files in the module cache right after zod loaded (before any locale is read). */
  readonly loadedAtStart: string[];
  /** Each export of `z.locales`, with the file whose module's default it is. */
  readonly bindings: Record<string, string>;
  readonly frozen: boolean;
  readonly descriptorsWritable: boolean[];
  readonly messages: string[];
}

function report(withShim: boolean, setup = ""): Report {
  const script = `
    require("tsx/cjs");
    const { basename } = require("node:path");
    ${setup}
    const installed = ${withShim} ? require(${JSON.stringify(SHIM)}).loadZodLocalesOnDemand() : false;
    const { z } = require("zod");
    const localeFiles = () => Object.keys(require.cache).filter((f) => /[\\\\/]v4[\\\\/]locales[\\\\/]/.test(f));
    const loadedAtStart = localeFiles().map((f) => basename(f)).sort();
    const names = Object.keys(z.locales);
    const values = names.map((n) => z.locales[n]);
    const bindings = {};
    for (const [i, n] of names.entries()) {
      const file = localeFiles().find((f) => !f.endsWith("index.cjs") && (require.cache[f].exports === values[i] || require.cache[f].exports.default === values[i]));
      bindings[n] = file ? basename(file) : "(none)";
    }
    const descriptorsWritable = names.map((n) => Object.getOwnPropertyDescriptor(z.locales, n).writable === true || Object.getOwnPropertyDescriptor(z.locales, n).configurable === true);
    const schema = z.strictObject({ id: z.string().regex(/^[a-z]+$/), n: z.number().int().min(1), kind: z.enum(["a", "b"]) });
    const result = schema.safeParse({ id: "X", n: 0.5, kind: "c", extra: 1 });
    const messages = result.error.issues.map((i) => i.code + ": " + i.message);
    process.stdout.write(JSON.stringify({ installed, loadedAtStart, bindings, frozen: Object.isFrozen(z.locales), descriptorsWritable, messages }));`;
  const result = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Report;
}

describe("zod's locales load on demand in the CLI", () => {
  const real = report(false);
  const lazy = report(true);

  it("is written for the zod version the lock file pins", () => {
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
    expect(lock.packages["node_modules/zod"].version).toBe(ZOD_VERSION);
    // If this fails after an upgrade, the shim switched itself off: read the new index and update it.
    expect(lazy.installed).toBe(true);
  });

  it("loads no locale but English when zod loads (zod itself loads every one)", () => {
    expect(real.loadedAtStart.length).toBeGreaterThan(60);
    expect(lazy.loadedAtStart).toEqual(["en.cjs", "index.cjs"]);
  });

  it("exports the same locales, each bound to the same file, frozen and read-only, as zod's own index", () => {
    expect(Object.keys(lazy.bindings)).toEqual(Object.keys(real.bindings));
    expect(lazy.bindings).toEqual(real.bindings);
    expect(Object.values(lazy.bindings)).not.toContain("(none)");
    expect(lazy.frozen).toBe(real.frozen);
    expect(lazy.descriptorsWritable.every((w) => !w)).toBe(true);
  });

  it("leaves zod's messages as they were", () => {
    expect(lazy.messages).toEqual(real.messages);
    expect(lazy.messages.length).toBeGreaterThan(2);
  });

  it("does nothing when zod is already loaded, or when the installed zod is another version", () => {
    expect(report(true, `require("zod");`).installed).toBe(false);
    const other = report(
      true,
      `
      const fs = require("node:fs");
      const pkg = require.resolve("zod/package.json");
      const read = fs.readFileSync;
      fs.readFileSync = (file, ...rest) => file === pkg ? JSON.stringify({ version: "9.9.9" }) : read(file, ...rest);`,
    );
    expect(other.installed).toBe(false);
    expect(other.loadedAtStart.length).toBe(real.loadedAtStart.length);
  });
});

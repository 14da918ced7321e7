import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { parse as parseYaml } from "yaml";
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
    for (const name of HEAVY)
      jest.doMock(name, () => {
        throw new Error(`${name} was loaded`);
      });
    // The analysis and the constructs are the library's own heavy parts.
    jest.doMock("../../lib/constructs/synthesize", () => {
      throw new Error("the synthesizer was loaded");
    });
    jest.doMock("../../lib/analysis/access-model", () => {
      throw new Error("the analysis was loaded");
    });
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
    // The example ships its production Vault audit log (vault.audit); its one warning is that the
    // Vault-only test environment has no AWS account to run the daily reminder checker in.
    expect(err.trim().split("\n")).toEqual([
      expect.stringMatching(/connectors\.yaml:\d+: warning: environments\[1\]: .*daily reminder checker/),
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/valid \(8 connector\(s\), 4 environment\(s\)\)/);
  });

  it("wires a consumer without loading them", async () => {
    const { code, out } = await runWithHeavyModulesRefused(["wire", EXAMPLE, "payments-ingest", "--env", "prod", "--for", "airflow"]);
    expect(code).toBe(0);
    expect(out).toContain("VaultBackend");
  });

  it("still loads them when a command needs them (the refusal is real)", async () => {
    const { code, err } = await runWithHeavyModulesRefused(["simulate", "/nonexistent"]);
    expect(code).toBe(3);
    expect(err).toMatch(/the analysis was loaded/);
  });
});

/*
 * The mocks above catch a package by its exact name; a deep import (`@cdktf/provider-aws/lib/iam-role`,
 * `zod/v4`) would slip past them. Here the CLI runs in its own process, as `bin/etl-secrets` runs it,
 * and reports every file it loaded.
 */
const ROOT = join(__dirname, "..", "..");

function modulesLoadedBy(argv: string[]): { status: number | null; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "etl-secrets-loads-"));
  const record = join(dir, "loaded.json");
  const script = `
    require("tsx/cjs");
    const Module = require("node:module");
    require(${JSON.stringify(join(ROOT, "lib", "cli", "main.ts"))})
      .run(${JSON.stringify(argv)}, { out() {}, err() {} })
      .then((code) => {
        require("node:fs").writeFileSync(${JSON.stringify(record)}, JSON.stringify(Object.keys(Module._cache)));
        process.exitCode = code;
      });`;
  try {
    const { status } = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    const files = (JSON.parse(readFileSync(record, "utf8")) as string[]).map((file) => relative(ROOT, file).split(sep).join("/"));
    return { status, files };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// node_modules may be a symlink (worktrees): a package is known by the last node_modules in its real path.
const PACKAGE_OF = (file: string): string | undefined =>
  /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*\/node_modules\/)/.exec(file)?.[1];
/** The scan command's option default (the largest file it reads) is the one constant the CLI needs from outside lib/cli. */
const OPTION_DEFAULTS = "lib/analysis/scan/walk.ts";
/** cdktf, the providers, the AWS SDK and the secret scanner's engine: never for `--help` or `validate`. */
const HEAVY_PACKAGES = /^(cdktf|constructs|@cdktf\/.*|@aws-sdk\/.*|@smithy\/.*|@secretlint\/.*)$/;

describe("the CLI loads only what a command needs (in its own process, deep imports included)", () => {
  it("prints its help with the CLI's own modules and commander only: no zod, no YAML parser, no spec, no analysis", () => {
    const { status, files } = modulesLoadedBy(["--help"]);
    expect(status).toBe(0);
    const packages = new Set(
      files
        .map(PACKAGE_OF)
        .filter(
          (name): name is string =>
            !!name && name !== "tsx" && name !== "esbuild" && name !== "get-tsconfig" && name !== "resolve-pkg-maps",
        ),
    );
    expect([...packages]).toEqual(["commander"]);
    const library = files.filter((file) => file.startsWith("lib/") && !file.startsWith("lib/cli/") && file !== OPTION_DEFAULTS);
    expect(library).toEqual([]);
  });

  it("validates an inventory without cdktf, the providers, the AWS SDK, the constructs or the analysis", () => {
    const { status, files } = modulesLoadedBy(["validate", EXAMPLE]);
    expect(status).toBe(0);
    expect(files.filter((file) => HEAVY_PACKAGES.test(PACKAGE_OF(file) ?? ""))).toEqual([]);
    expect(files.filter((file) => /^lib\/(analysis|constructs|checks)\//.test(file) && file !== OPTION_DEFAULTS)).toEqual([]);
    // The proof that the recording sees what a command loads: validate needs zod and the spec.
    expect(files.some((file) => PACKAGE_OF(file) === "zod")).toBe(true);
    expect(files).toContain("lib/inventory/validate.ts");
  });

  it("wires a consumer (every target) without cdktf, the providers, the AWS SDK, the constructs or the analysis", () => {
    for (const [consumer, env, target] of [
      ["payments-ingest", "prod", "airflow"],
      ["orders-cdc", "dev", "kubernetes"],
      ["payments-ingest", "prod", "ecs"],
      ["marketing-sync", "prod", "github-actions"],
    ]) {
      const { status, files } = modulesLoadedBy(["wire", EXAMPLE, consumer, "--env", env, "--for", target]);
      expect({ target, status }).toEqual({ target, status: 0 });
      expect(files.filter((file) => HEAVY_PACKAGES.test(PACKAGE_OF(file) ?? ""))).toEqual([]);
      expect(files.filter((file) => /^lib\/(analysis|constructs|checks)\//.test(file) && file !== OPTION_DEFAULTS)).toEqual([]);
      // The proof that the recording sees what the command loads: wire needs the plan and lib/wire.
      expect(files).toContain("lib/wire/wire.ts");
      expect(files).toContain("lib/plan/inventory-plan.ts");
    }
  });

  it("validates a JSON inventory without the YAML parser (JSON.parse reads it)", () => {
    const dir = mkdtempSync(join(tmpdir(), "etl-secrets-json-"));
    try {
      const file = join(dir, "connectors.json");
      writeFileSync(file, JSON.stringify(parseYaml(readFileSync(EXAMPLE, "utf8")), null, 2));
      const { status, files } = modulesLoadedBy(["validate", file]);
      expect(status).toBe(0);
      expect(files.filter((name) => PACKAGE_OF(name) === "yaml")).toEqual([]);
      expect(files).toContain("lib/inventory/validate.ts");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/*
 * The pack test (issue 12, "Measured by"): what a team gets from `npm install cdktf-etl-secrets`.
 * `npm pack` (prepack builds dist/ and the rotation bundles) into a temporary directory, then a fresh
 * project OUTSIDE the repository installs the tarball with only registry dependencies: the peer
 * dependencies at the LOWEST versions package.json allows, typescript, tsx (to run the example app)
 * and cdktf-cli. In it: `tsc --noEmit` on a TypeScript consumer of the public API, `npx cdktf synth`
 * of the shipped example(s), `npx etl-secrets validate | synth | simulate | review`, and the `run:`
 * lines of examples/github-actions/review.yml. Needs the npm registry (or a warm ~/.npm cache):
 * without it the install fails, and so does this test, loudly. Figures go to .state/pack-test.json.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { parse } from "yaml";

const REPO = join(__dirname, "../..");
const PACKAGE = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
  name: string;
  version: string;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  dependencies: Record<string, string>;
};
const COMPOSE_EXAMPLE = join(REPO, "examples", "compose-in-own-stack");
const KEEP = process.env.KEEP_PACK_TEST === "1";

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const BASE_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  CHECKPOINT_DISABLE: "1",
  // No jest/ts-jest or repository settings leak into the consumer's processes.
  NODE_OPTIONS: "",
  TS_NODE_PROJECT: undefined,
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const result: SpawnSyncReturns<string> = spawnSync(command, [...args], {
    cwd,
    env: { ...BASE_ENV, ...env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const result = run(command, args, cwd, env);
  if (result.status !== 0) {
    throw new Error(
      `\`${command} ${args.join(" ")}\` in ${cwd} exited ${result.status}\n--- stdout\n${result.stdout.slice(-4000)}\n--- stderr\n${result.stderr.slice(-4000)}`,
    );
  }
  return result;
}

/** `^1.2.3` / `~1.2.3` -> `1.2.3`: the lowest version a peer range allows, the one installed here. */
function lowest(range: string): string {
  const match = /^[~^](\d+\.\d+\.\d+)$/.exec(range);
  if (!match) throw new Error(`peer range "${range}" is not ^X.Y.Z or ~X.Y.Z: say which lowest version the pack test installs`);
  return match[1];
}

function filesUnder(directory: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(directory, path).split(sep).join("/"));
    }
  };
  walk(directory);
  return out;
}

function sameTree(a: string, b: string): string[] {
  const [left, right] = [filesUnder(a), filesUnder(b)];
  const differences = [
    ...left.filter((f) => !right.includes(f)).map((f) => `only in ${a}: ${f}`),
    ...right.filter((f) => !left.includes(f)).map((f) => `only in ${b}: ${f}`),
  ];
  for (const file of left.filter((f) => right.includes(f))) {
    if (!readFileSync(join(a, file)).equals(readFileSync(join(b, file)))) differences.push(`differs: ${file}`);
  }
  return differences;
}

const CONSUMER_TS = `// A team's TypeScript against the public API only (the package's "exports" map).
import { App, TerraformStack } from "cdktf";
import {
  addEtlSecretsStacks,
  EnvironmentStack,
  InventoryError,
  loadAccessModel,
  loadInventory,
  renderRunbook,
  reviewChanges,
  reviewMarkdown,
  simulate,
  simulationText,
  synthesizeInventory,
  validateInventoryFile,
  buildRegister,
  registerToMarkdown,
  type EtlSecretsStacks,
  type Inventory,
  type InventoryIssue,
  type SpecIssue,
  type SimulationResult,
  type ReviewReport,
} from "cdktf-etl-secrets";

const checked = validateInventoryFile("connectors.yaml", { now: "2026-01-01" });
const issues: readonly InventoryIssue[] = checked.issues;
const legacy: readonly SpecIssue[] = issues;
let inventory: Inventory;
try {
  inventory = loadInventory("connectors.yaml");
} catch (error) {
  if (error instanceof InventoryError) console.error(error.issues.length, legacy.length);
  throw error;
}
const app = new App({ outdir: "consumer.out" });
const stacks: EtlSecretsStacks = addEtlSecretsStacks(app, inventory);
const first: EnvironmentStack | undefined = [...stacks.environments.values()][0];
const own: TerraformStack | undefined = first;
const result = synthesizeInventory(inventory, "consumer-synth");
const model = loadAccessModel(result.outDir);
const simulation: SimulationResult = simulate(model);
const report: ReviewReport = reviewChanges(model, model);
console.log(simulationText(simulation), reviewMarkdown(report), own?.node.id, renderRunbook(inventory, inventory.connectors[0].id));
console.log(registerToMarkdown(buildRegister(inventory, "2026-01-01"), "acme", "2026-01-01"));
`;

const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "node16",
    moduleResolution: "node16",
    strict: true,
    noEmit: true,
    esModuleInterop: true,
    // The package's own declarations are checked too; cdktf's and the providers' are not ours to fix.
    skipLibCheck: false,
    types: ["node"],
  },
  files: ["consumer.ts"],
};

describe("the package as a team installs it (npm pack, then a fresh project outside the repository)", () => {
  const figures: Record<string, unknown> = {};
  let root: string;
  let app: string;
  let tarball: string;
  let packed: { filename: string; size: number; unpackedSize: number; entryCount: number; files: { path: string; size: number }[] };
  let cliSynth: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "etl-secrets-pack-"));
    expect(relative(REPO, root).startsWith("..")).toBe(true);
    const packDir = join(root, "pack");
    mkdirSync(packDir);
    let started = Date.now();
    const pack = ok("npm", ["pack", "--json", "--pack-destination", packDir], REPO);
    figures.packSeconds = (Date.now() - started) / 1000;
    packed = (JSON.parse(pack.stdout.slice(pack.stdout.search(/^\[/m))) as (typeof packed)[])[0];
    tarball = join(packDir, packed.filename);
    figures.tarball = { file: packed.filename, bytes: packed.size, unpackedBytes: packed.unpackedSize, files: packed.entryCount };

    app = join(root, "app");
    mkdirSync(app);
    writeFileSync(
      join(app, "package.json"),
      `${JSON.stringify({ name: "etl-secrets-consumer", version: "1.0.0", private: true }, null, 2)}\n`,
    );
    const peers = Object.entries(PACKAGE.peerDependencies).map(([name, range]) => `${name}@${lowest(range)}`);
    const tools = ["typescript", "tsx", "cdktf-cli", "@types/node"].map((name) => `${name}@${PACKAGE.devDependencies[name]}`);
    started = Date.now();
    const install = run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", `file:${relative(app, tarball)}`, ...peers, ...tools],
      app,
    );
    figures.installSeconds = (Date.now() - started) / 1000;
    if (install.status !== 0) {
      throw new Error(
        `npm install of the tarball and its registry dependencies failed (is the npm registry reachable?):\n${install.stderr.slice(-4000)}`,
      );
    }
    figures.installed = [...peers, ...tools];

    // The example's inventory and ledger, laid out as in the repository (examples/<name>, ledger/).
    cpSync(join(REPO, "examples", "multi-env", "connectors.yaml"), join(app, "connectors.yaml"));
    cpSync(join(REPO, "ledger"), join(app, "ledger"), { recursive: true });
    cliSynth = join(root, "cli-synth");
  });

  afterAll(() => {
    if (!root) return;
    const file = join(REPO, ".state", "pack-test.json");
    mkdirSync(join(REPO, ".state"), { recursive: true });
    writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`pack test: ${JSON.stringify(figures)}`);
    if (!KEEP) rmSync(root, { recursive: true, force: true });
  });

  it("packs compiled JavaScript, declarations, source maps, the schema, the Checkov skips and the rotation bundles, and nothing else", () => {
    const paths = packed.files.map((file) => file.path);
    for (const path of paths) {
      expect(path).not.toMatch(/^(test|examples|tools|bench|ledger|etc|\.ci)\//);
      expect(path).not.toMatch(/(^|\/)cdktf\.out\//);
      expect(path).not.toMatch(/(^|\/)node_modules\//);
      if (path.endsWith(".ts")) expect(path).toMatch(/\.d\.ts$/);
    }
    expect(paths).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "dist/bin/etl-secrets.js",
        "dist/lib/index.js",
        "dist/lib/index.d.ts",
        "dist/lib/index.js.map",
        "schema/inventory.schema.json",
        "checkov/checkov.yaml",
        "checkov/skips.yaml",
        "dist/rotation-bundles/SHA256SUMS",
        "dist/rotation-bundles/notifier.zip",
      ]),
    );
    const sums = readFileSync(join(app, "node_modules", PACKAGE.name, "dist", "rotation-bundles", "SHA256SUMS"), "utf8")
      .trimEnd()
      .split("\n");
    expect(sums.length).toBeGreaterThan(1);
    for (const line of sums) {
      const [hex, file] = line.split("  ");
      expect(paths).toContain(`dist/rotation-bundles/${file}`);
      expect(
        createHash("sha256")
          .update(readFileSync(join(app, "node_modules", PACKAGE.name, "dist", "rotation-bundles", file)))
          .digest("hex"),
      ).toBe(hex);
    }
    const manifest = JSON.parse(readFileSync(join(app, "node_modules", PACKAGE.name, "package.json"), "utf8"));
    expect(manifest.private).toBeUndefined();
    expect(Object.keys(manifest.dependencies)).not.toEqual(expect.arrayContaining(["tsx"]));
    expect(Object.keys(manifest.dependencies)).not.toContain("esbuild");
    expect(Object.keys(manifest.dependencies)).not.toContain("cdktf");
  });

  it("resolves only the exports map: the root, package.json and schema/*, never a deep path into dist", () => {
    const probe = ok(
      process.execPath,
      [
        "-e",
        `const name = ${JSON.stringify(PACKAGE.name)};
         const api = require(name);
         const out = { root: typeof api.addEtlSecretsStacks, version: require(name + "/package.json").version,
                       schema: require.resolve(name + "/schema/inventory.schema.json").endsWith("inventory.schema.json") };
         try { require(name + "/dist/lib/inventory/issues"); out.deep = "resolved"; } catch (e) { out.deep = e.code; }
         process.stdout.write(JSON.stringify(out));`,
      ],
      app,
    );
    expect(JSON.parse(probe.stdout)).toEqual({
      root: "function",
      version: PACKAGE.version,
      schema: true,
      deep: "ERR_PACKAGE_PATH_NOT_EXPORTED",
    });
  });

  it("type-checks a TypeScript consumer of the public API (tsc --noEmit, node16 resolution through the exports map)", () => {
    writeFileSync(join(app, "consumer.ts"), CONSUMER_TS);
    writeFileSync(join(app, "tsconfig.json"), `${JSON.stringify(CONSUMER_TSCONFIG, null, 2)}\n`);
    const started = Date.now();
    ok("npx", ["--no", "--", "tsc", "--noEmit", "-p", "tsconfig.json"], app);
    figures.tscSeconds = (Date.now() - started) / 1000;
  });

  it("runs `npx etl-secrets validate` and `synth` from compiled JavaScript, the output byte-identical to the checkout's", () => {
    const validate = ok("npx", ["--no", "etl-secrets", "validate", "connectors.yaml"], app);
    expect(validate.stdout + validate.stderr).not.toMatch(/error/i);
    let started = Date.now();
    ok("npx", ["--no", "etl-secrets", "synth", "connectors.yaml", "--no-ledger", "--out", cliSynth], app);
    figures.installedSynthSeconds = (Date.now() - started) / 1000;
    // The checkout's CLI (TypeScript through tsx, bundles built by its esbuild) on the same inventory.
    const checkoutSynth = join(root, "checkout-synth");
    started = Date.now();
    ok(join(REPO, "bin", "etl-secrets"), ["synth", "connectors.yaml", "--no-ledger", "--out", checkoutSynth], app);
    figures.checkoutSynthSeconds = (Date.now() - started) / 1000;
    expect(readdirSync(join(cliSynth, "stacks")).length).toBeGreaterThan(1);
    expect(sameTree(checkoutSynth, cliSynth)).toEqual([]);
  });

  it("runs `simulate` and `review` on the installed package's synth output", () => {
    const simulation = ok("npx", ["--no", "etl-secrets", "simulate", cliSynth], app);
    expect(simulation.stdout.length).toBeGreaterThan(0);
    const review = ok("npx", ["--no", "etl-secrets", "review", cliSynth, cliSynth], app);
    expect(review.stdout.startsWith("<!-- etl-secrets-review -->")).toBe(true);
  });

  it("synthesizes examples/multi-env with `npx cdktf synth`, its import rewritten to the package, the functions carrying the shipped bundles' hashes", () => {
    const example = join(app, "examples", "multi-env");
    mkdirSync(example, { recursive: true });
    for (const file of ["cdktf.json", "connectors.yaml"]) cpSync(join(REPO, "examples", "multi-env", file), join(example, file));
    const source = readFileSync(join(REPO, "examples", "multi-env", "main.ts"), "utf8");
    expect(source).toContain('from "../../lib"');
    writeFileSync(join(example, "main.ts"), source.replace('from "../../lib"', `from "${PACKAGE.name}"`));
    const started = Date.now();
    ok("npx", ["--no", "cdktf", "synth"], example, { CI: "true" });
    figures.cdktfSynthSeconds = (Date.now() - started) / 1000;
    const out = join(example, "cdktf.out", "stacks");
    expect(readdirSync(out).sort()).toEqual(readdirSync(join(cliSynth, "stacks")).sort());
    const shipped = new Set(
      readFileSync(join(app, "node_modules", PACKAGE.name, "dist", "rotation-bundles", "SHA256SUMS"), "utf8")
        .trimEnd()
        .split("\n")
        .map((line) => Buffer.from(line.split("  ")[0], "hex").toString("base64")),
    );
    const hashes = readdirSync(out).flatMap((stack) => {
      const json = JSON.parse(readFileSync(join(out, stack, "cdk.tf.json"), "utf8")) as {
        resource?: Record<string, Record<string, { source_code_hash?: string }>>;
      };
      return Object.values(json.resource?.aws_lambda_function ?? {}).map((fn) => fn.source_code_hash);
    });
    expect(hashes.length).toBeGreaterThan(0);
    for (const hash of hashes) expect(shipped.has(hash!)).toBe(true);
    // What simulate and review need travels inside the stacks: they read `cdktf synth` output as is.
    const cdktfOut = join(example, "cdktf.out");
    const simulation = ok("npx", ["--no", "etl-secrets", "simulate", cdktfOut, "--format", "json"], app);
    expect(JSON.parse(simulation.stdout).violations).toEqual([]);
    const review = ok("npx", ["--no", "etl-secrets", "review", cliSynth, cdktfOut], app);
    expect(review.stdout).toMatch(/0 access change/);
  });

  it("synthesizes examples/compose-in-own-stack with `npx cdktf synth` against the installed package; simulate reads the team's stack as is", () => {
    const example = join(app, "examples", "compose-in-own-stack");
    cpSync(COMPOSE_EXAMPLE, example, { recursive: true, filter: (path) => !path.includes(`${sep}cdktf.out`) });
    // In the repository the example's tsconfig maps the package name to the source; a team's project resolves the installed package.
    const tsconfig = JSON.parse(readFileSync(join(example, "tsconfig.json"), "utf8")) as { compilerOptions: Record<string, unknown> };
    delete tsconfig.compilerOptions.paths;
    writeFileSync(join(example, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
    ok("npx", ["--no", "cdktf", "synth"], example, { CI: "true" });
    expect(readdirSync(join(example, "cdktf.out", "stacks"))).toEqual(["billing-prod"]);
    const simulation = ok("npx", ["--no", "etl-secrets", "simulate", join(example, "cdktf.out"), "--format", "json"], app);
    const result = JSON.parse(simulation.stdout) as { decisions: { intended: number; allowed: number }; violations: unknown[] };
    expect(result.violations).toEqual([]);
    expect(result.decisions.intended).toBeGreaterThan(0);
  });

  it("runs the `run:` lines of examples/github-actions/review.yml in the project (base and head checkouts, npm ci, synth, review, simulate)", () => {
    const workflow = parse(readFileSync(join(REPO, "examples", "github-actions", "review.yml"), "utf8")) as {
      env: Record<string, string>;
      jobs: { review: { steps: { name?: string; run?: string; "working-directory"?: string; env?: Record<string, string> }[] } };
    };
    // A consumer repository as the workflow checks it out twice (base/ and head/): the package and
    // its peers (lowest versions) in package.json, the lock committed, the inventory beside them.
    const peers = Object.fromEntries(Object.entries(PACKAGE.peerDependencies).map(([name, range]) => [name, lowest(range)]));
    const manifest = {
      name: "etl-secrets-consumer",
      version: "1.0.0",
      private: true,
      dependencies: { [PACKAGE.name]: `file:../pack/${packed.filename}`, ...peers },
    };
    const [head, base] = [join(root, "head"), join(root, "base")];
    for (const checkout of [head, base]) {
      mkdirSync(checkout);
      writeFileSync(join(checkout, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
      cpSync(join(REPO, "examples", "multi-env", "connectors.yaml"), join(checkout, "connectors.yaml"));
    }
    ok("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund", "--prefer-offline"], head);
    cpSync(join(head, "package-lock.json"), join(base, "package-lock.json"));
    const runnerTemp = join(root, "runner");
    mkdirSync(runnerTemp);
    const env = { ...workflow.env, RUNNER_TEMP: runnerTemp, CI: "true" };
    const executed: string[] = [];
    const started = Date.now();
    for (const step of workflow.jobs.review.steps) {
      if (!step.run) continue;
      // Posting the comment needs GitHub (gh and a token): the one step that cannot run here.
      if (step.env?.GH_TOKEN) continue;
      const cwd = join(root, step["working-directory"] ?? ".");
      ok("bash", ["-eo", "pipefail", "-c", step.run], cwd, env);
      executed.push(step.name ?? step.run);
    }
    figures.workflowSeconds = (Date.now() - started) / 1000;
    expect(executed).toEqual([
      "Synthesize the base",
      "Synthesize the head",
      "Review (Markdown)",
      "Simulate the head (fails on any access beyond the intent)",
    ]);
    expect(readFileSync(join(runnerTemp, "review.md"), "utf8").startsWith("<!-- etl-secrets-review -->")).toBe(true);
    expect(sameTree(join(runnerTemp, "synth-base"), cliSynth)).toEqual([]);
  });
});

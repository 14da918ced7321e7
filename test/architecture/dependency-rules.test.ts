/**
 * The layer rules of .dependency-cruiser.cjs bite: a small module tree, written to a temporary
 * folder, breaks each rule once (and keeps to it once), and the real dependency-cruiser with the
 * real configuration must report exactly the breaks. `npm run lint:deps` runs the same
 * configuration on lib/, bin/ and tools/; this test proves that a clean run there means something.
 *
 * The cruiser runs as a child process (it is an ES module; jest's module system loads CommonJS).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

const REPO = resolve(__dirname, "..", "..");
const DEPCRUISE = join(REPO, "node_modules", ".bin", "depcruise");
const CONFIG = join(REPO, ".dependency-cruiser.cjs");

/** Path (relative to the fixture root) -> content. */
const FILES: Record<string, string> = {
  "tsconfig.json": JSON.stringify({ compilerOptions: { module: "commonjs", moduleResolution: "node", strict: true } }),
  // Stand-ins for the framework, a provider (barrel and one deep resource) and the bundler.
  "node_modules/cdktf/package.json": JSON.stringify({ name: "cdktf", main: "lib/index.js" }),
  "node_modules/cdktf/lib/index.js": "exports.App = class {};\n",
  "node_modules/constructs/package.json": JSON.stringify({ name: "constructs", main: "lib/index.js" }),
  "node_modules/constructs/lib/index.js": "exports.Construct = class {};\n",
  "node_modules/@cdktf/provider-aws/package.json": JSON.stringify({ name: "@cdktf/provider-aws", main: "lib/index.js" }),
  "node_modules/@cdktf/provider-aws/lib/index.js": "exports.s3Bucket = {};\n",
  "node_modules/@cdktf/provider-aws/lib/s3-bucket/index.js": "exports.S3Bucket = class {};\n",
  "node_modules/esbuild/package.json": JSON.stringify({ name: "esbuild", main: "lib/main.js" }),
  "node_modules/esbuild/lib/main.js": "exports.build = () => undefined;\n",

  // Kept rules: imports that point down, the framework at the edge, a deep provider import.
  "lib/inventory/model.ts": "export interface Inventory { readonly organization: string }\n",
  "lib/plan/names.ts":
    'import type { Inventory } from "../inventory/model";\nexport const orgOf = (i: Inventory): string => i.organization;\n',
  "lib/policy/tags.ts": 'import { orgOf } from "../plan/names";\nexport const tags = orgOf;\n',
  "lib/constructs/secret.ts":
    'import { App } from "cdktf";\nimport { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";\nimport { tags } from "../policy/tags";\nexport const parts = [App, S3Bucket, tags];\n',
  "lib/checks/validation.ts": 'import { Construct } from "constructs";\nexport const scope = Construct;\n',
  // The listed exception: synthesize.ts may read the synth output's layout from analysis.
  "lib/analysis/access-model/synth-dir.ts": 'export const RETIREMENTS_FILE = "retirements.json";\n',
  "lib/constructs/synthesize.ts":
    'import { RETIREMENTS_FILE } from "../analysis/access-model/synth-dir";\nexport const file = RETIREMENTS_FILE;\n',
  "lib/rotation/entries/clean-entry.ts": 'import { orgOf } from "../../plan/names";\nexport const handler = orgOf;\n',

  // Broken rules, one file each.
  "lib/inventory/upward.ts": 'import { orgOf } from "../plan/names";\nexport const up = orgOf;\n',
  "lib/checks/stack-checks/sideways.ts": 'import { parse } from "../../analysis/vault/policy-document";\nexport const side = parse;\n',
  "lib/analysis/vault/policy-document.ts": "export const parse = (text: string): string => text;\n",
  "lib/constructs/other.ts":
    'import { RETIREMENTS_FILE } from "../analysis/access-model/synth-dir";\nexport const notListed = RETIREMENTS_FILE;\n',
  "lib/policy/framework.ts": 'import { App } from "cdktf";\nexport const app = App;\n',
  "lib/constructs/barrel.ts": 'import { s3Bucket } from "@cdktf/provider-aws";\nexport const barrel = s3Bucket;\n',
  "lib/rotation/entries/heavy-entry.ts": 'import { bundle } from "../bundle";\nexport const handler = bundle;\n',
  "lib/rotation/bundle.ts": 'import { build } from "esbuild";\nexport const bundle = build;\n',
  "lib/plan/cycle-a.ts": 'import type { B } from "./cycle-b";\nexport interface A { readonly b?: B }\n',
  "lib/plan/cycle-b.ts": 'import type { A } from "./cycle-a";\nexport interface B { readonly a?: A }\n',
  "lib/stray/outside.ts": 'import { orgOf } from "../plan/names";\nexport const stray = orgOf;\n',
};

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

let root: string;
let violations: Violation[];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "dependency-rules-"));
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  // depcruise exits non-zero when it finds errors; the report is on stdout either way.
  let stdout: string;
  try {
    stdout = execFileSync(DEPCRUISE, ["lib", "--config", CONFIG, "--output-type", "json"], { cwd: root, encoding: "utf8" });
  } catch (error) {
    stdout = (error as { stdout: string }).stdout;
  }
  violations = (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}, 60_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The rule names reported for imports from `from`. */
function rulesFrom(from: string): string[] {
  return violations
    .filter((v) => v.from === from)
    .map((v) => v.rule.name)
    .sort();
}

describe("dependency rules (.dependency-cruiser.cjs)", () => {
  it("reports nothing for imports that keep to the rules", () => {
    for (const kept of [
      "lib/inventory/model.ts",
      "lib/plan/names.ts",
      "lib/policy/tags.ts",
      "lib/constructs/secret.ts",
      "lib/checks/validation.ts",
      "lib/constructs/synthesize.ts",
      "lib/rotation/entries/clean-entry.ts",
    ]) {
      expect({ kept, rules: rulesFrom(kept) }).toEqual({ kept, rules: [] });
    }
  });

  it("refuses an import up the tiers (inventory -> plan)", () => {
    expect(rulesFrom("lib/inventory/upward.ts")).toEqual(["layer-inventory-not-plan"]);
  });

  it("refuses an import sideways within a tier's neighbours (checks -> analysis)", () => {
    expect(rulesFrom("lib/checks/stack-checks/sideways.ts")).toEqual(["layer-checks-not-analysis"]);
  });

  it("lets a listed exception through for its own files only", () => {
    expect(rulesFrom("lib/constructs/other.ts")).toEqual(["layer-constructs-not-analysis-except-listed"]);
  });

  it("keeps cdktf out of the pure layers", () => {
    expect(rulesFrom("lib/policy/framework.ts")).toEqual(["no-framework-outside-constructs"]);
  });

  it("refuses the provider barrel import", () => {
    expect(rulesFrom("lib/constructs/barrel.ts")).toEqual(["no-provider-barrel"]);
  });

  it("keeps the bundler out of a Lambda entry point, even through another module", () => {
    expect(rulesFrom("lib/rotation/entries/heavy-entry.ts")).toEqual(["lambda-entries-stay-lean"]);
  });

  it("refuses a folder of lib/ that no tier names", () => {
    expect(rulesFrom("lib/stray/outside.ts")).toEqual(["every-lib-folder-in-a-tier"]);
  });

  it("refuses a circle of type-only imports", () => {
    // A circle is reported once, from one of its files.
    expect([...rulesFrom("lib/plan/cycle-a.ts"), ...rulesFrom("lib/plan/cycle-b.ts")]).toEqual(["no-circular"]);
  });
});

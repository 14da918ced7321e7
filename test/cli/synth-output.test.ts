/*
 * Issue 11, defect class 7: output handling. Synth owns only the files it wrote, stages into a
 * temporary directory and swaps on success, refuses an --out it must not write into, exits only
 * with documented codes, and names the spec path and line of errors found only at synth.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { stringify } from "yaml";
import * as yamlSource from "../../lib/inventory/yaml-source";
import { cli } from "../support/cli";
import { fixtureDocument, fixturePath } from "../support/inventories";

type Doc = Record<string, any>;

let dir: string;
let out: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "etl-synth-out-"));
  out = join(dir, "cdktf.out");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(doc: Doc, name = "connectors.yaml"): string {
  const file = join(dir, name);
  writeFileSync(file, stringify(doc));
  return file;
}

function tree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else files[path] = readFileSync(join(root, path), "utf8");
    }
  };
  walk("");
  return files;
}

describe("synth owns only what it wrote", () => {
  it("keeps a user's files under <out>/stacks and removes only stacks a previous synth wrote", async () => {
    const doc = fixtureDocument("acme.yaml");
    expect((await cli("synth", write(doc), "--out", out)).code).toBe(0);
    const notes = join(out, "stacks", "NOTES.md");
    const prodNotes = join(out, "stacks", "prod", "reviewed.txt");
    writeFileSync(notes, "my notes");
    writeFileSync(prodNotes, "reviewed by me");
    mkdirSync(join(out, "stacks", "qa"));
    // Without the test environment (stripe-api lists it too), its stack is stale.
    doc.environments = doc.environments.filter((e: Doc) => e.name !== "test");
    for (const connector of doc.connectors) delete connector.environments.test;
    expect((await cli("synth", write(doc), "--out", out)).code).toBe(0);
    expect(readFileSync(notes, "utf8")).toBe("my notes");
    expect(readFileSync(prodNotes, "utf8")).toBe("reviewed by me");
    expect(existsSync(join(out, "stacks", "qa"))).toBe(true);
    expect(existsSync(join(out, "stacks", "test"))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(out, "etl-secrets-output.json"), "utf8"));
    expect(manifest.files).toContain("stacks/prod/cdk.tf.json");
    expect(manifest.files).not.toContain("stacks/prod/reviewed.txt");
  });

  it("leaves the previous good output untouched when a synth fails the checks", async () => {
    const doc = fixtureDocument("acme.yaml");
    expect((await cli("synth", write(doc), "--out", out)).code).toBe(0);
    const before = tree(out);
    // A suppression that matches no finding fails the checks at synth.
    doc.checks = { suppressions: [{ rule: "CKV_AWS_999", reason: "an accepted finding that does not exist" }] };
    const failed = await cli("synth", write(doc), "--out", out);
    expect(failed.code).toBe(1);
    expect(tree(out)).toEqual(before);
    // Nothing of the staging directory is left beside the output either.
    expect(readdirSync(dir).sort()).toEqual(["cdktf.out", "connectors.yaml"]);
  });
});

describe("synth refuses an output it must not write into", () => {
  it("exits 2 with a clear message when --out names a file, and leaves the file alone", async () => {
    const file = join(dir, "notes.txt");
    writeFileSync(file, "keep me");
    const result = await cli("synth", fixturePath("acme.yaml"), "--out", file);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/notes\.txt: is a file, not a directory; name a directory for the output/);
    expect(result.err).not.toMatch(/internal error/);
    expect(readFileSync(file, "utf8")).toBe("keep me");
  });

  it("exits 2 with a clear message when --out lies under a file", async () => {
    const file = join(dir, "notes.txt");
    writeFileSync(file, "keep me");
    const result = await cli("synth", fixturePath("acme.yaml"), "--out", join(file, "out"));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/notes\.txt\/out: cannot write the output there \((ENOTDIR|EEXIST)\); name a writable directory/);
    expect(readFileSync(file, "utf8")).toBe("keep me");
  });

  it("exits 2 with a clear message for a filesystem root", async () => {
    const result = await cli("synth", fixturePath("acme.yaml"), "--out", "/");
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/\/: is a filesystem root; name a directory of its own for the output/);
    expect(statSync("/").isDirectory()).toBe(true);
  });
});

describe("errors found only at synth", () => {
  it("carry the spec path and line, and never cdktf's advice to skip validation", async () => {
    const doc = fixtureDocument("acme.yaml");
    doc.checks = { suppressions: [{ rule: "CKV_AWS_999", reason: "an accepted finding that does not exist" }] };
    const file = write(doc);
    const line =
      readFileSync(file, "utf8")
        .split("\n")
        .findIndex((l) => l.includes("CKV_AWS_999")) + 1;
    const result = await cli("synth", file, "--out", out);
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      `connectors.yaml:${line}: checks.suppressions[0]: [suppression] CKV_AWS_999 matches no finding; remove it`,
    );
    expect(result.err).not.toMatch(/skipValidation/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(dirname(out))).toBe(true);
  });
});

describe("a successful synth", () => {
  it("parses the inventory once, for validation: the YAML positions that place errors are read only when there is one", async () => {
    const parse = jest.spyOn(yamlSource, "parseYamlSource");
    try {
      const result = await cli("synth", fixturePath("acme.yaml"), "--out", out, "--no-ledger");
      expect(result.code).toBe(0);
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });
});

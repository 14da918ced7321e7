import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { synthesizeInventory } from "../../lib/constructs/synthesize";
import type { Inventory } from "../../lib/inventory/model";

/** Synthesizes into a fresh temp dir and returns every written file (relative path -> text). */
export function synthFiles(inventory: Inventory): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "etl-secrets-synth-"));
  try {
    // Into a directory that does not exist yet: synth renames its staged output into place whole.
    const out = join(dir, "out");
    synthesizeInventory(inventory, out);
    return readTree(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path).toString("base64"));
    }
  };
  walk(dir);
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The parsed cdk.tf.json of one stack from synthFiles' result. */
export function stackJson(files: Map<string, string>, stack: string): any {
  const text = files.get(join("stacks", stack, "cdk.tf.json"));
  if (text === undefined) throw new Error(`no stack ${stack}; stacks: ${[...files.keys()].join(", ")}`);
  return JSON.parse(Buffer.from(text, "base64").toString("utf8"));
}

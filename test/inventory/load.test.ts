import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import {
  formatIssue,
  InventoryError,
  loadInventory,
  MAX_INVENTORY_BYTES,
  validateInventoryFile,
  validateInventoryText,
  type ValidationResult,
} from "../../lib/inventory";
import { baseInventory } from "../support/inventory/base-inventory";

const CANARY = "Zq9-canary-broken-Lm3";
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "etl-secrets-load-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The issues as printed, with the temp dir replaced so snapshots are stable. */
function printed(result: ValidationResult): string[] {
  return result.issues.map((issue) => formatIssue(issue).split(dir).join("<dir>"));
}

describe("validateInventoryFile", () => {
  it("accepts a valid YAML file", () => {
    const result = validateInventoryFile(write("valid.yaml", stringify(baseInventory())));

    expect(printed(result)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("reports a missing file without a stack trace", () => {
    const result = validateInventoryFile(join(dir, "nowhere.yaml"));

    expect(result.ok).toBe(false);
    expect(printed(result)).toMatchInlineSnapshot(`
[
  "cannot read <dir>/nowhere.yaml: no such file",
]
`);
  });

  it("reports a directory given as the inventory", () => {
    const sub = join(dir, "a-directory");
    mkdirSync(sub);

    expect(printed(validateInventoryFile(sub))).toMatchInlineSnapshot(`
[
  "<dir>/a-directory is not a file",
]
`);
  });

  it.each([
    ["empty", ""],
    ["blank", "  \n\n\t\n"],
  ])("reports an %s file as empty", (name, text) => {
    const result = validateInventoryFile(write(`${name}.yaml`, text));

    expect(result.ok).toBe(false);
    expect(result.issues.map((issue) => issue.code)).toEqual(["empty"]);
    expect(printed(result)).toEqual([
      `<dir>/${name}.yaml is empty: expected a mapping with version, organization, owners, environments and connectors`,
    ]);
  });

  it("reports a file of comments only as empty", () => {
    const result = validateInventoryFile(write("comments.yaml", "# nothing here yet\n---\n"));

    expect(printed(result)).toMatchInlineSnapshot(`
[
  "the inventory is empty: expected a mapping with version, organization, owners, environments and connectors",
]
`);
  });

  it("refuses a file over the size limit (~10 MB) before reading it", () => {
    // GIVEN a 10 MB file whose content would otherwise be parsed
    const line = `# ${CANARY} ${"x".repeat(100)}\n`;
    const file = write("huge.yaml", line.repeat(Math.ceil((10 * 1024 * 1024) / line.length)));
    // WHEN it is validated
    const started = Date.now();
    const result = validateInventoryFile(file);
    // THEN it is refused quickly, with the limit in words
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.ok).toBe(false);
    expect(MAX_INVENTORY_BYTES).toBeLessThan(10 * 1024 * 1024);
    expect(printed(result)).toMatchInlineSnapshot(`
[
  "<dir>/huge.yaml is 10.0 MiB; an inventory may be at most 4 MiB (thousands of connectors fit in far less): is this the right file?",
]
`);
  });
});

describe("loadInventory", () => {
  it("returns the normalized inventory of a valid file", () => {
    const inventory = loadInventory(write("load.yaml", stringify(baseInventory())));

    expect(inventory.connectors.map((c) => c.id)).toEqual(["orders-postgres", "billing-mysql"]);
  });

  it("throws an InventoryError naming the file for a missing file", () => {
    const file = join(dir, "missing.yaml");

    expect(() => loadInventory(file)).toThrow(InventoryError);
    expect(() => loadInventory(file)).toThrow(`cannot read ${file}: no such file`);
  });
});

describe("malformed YAML", () => {
  it("gives line and column and never prints the source line", () => {
    const text = ["version: 1", "owners:", `  - { id: x, password: "${CANARY}"`, "environments: []", ""].join("\n");
    const result = validateInventoryText(text);

    expect(result.ok).toBe(false);
    for (const issue of result.issues) {
      expect(issue.line).toEqual(expect.any(Number));
      expect(issue.column).toEqual(expect.any(Number));
    }
    const output = printed(result).join("\n");
    expect(output).not.toContain(CANARY);
    expect(output).not.toContain("password");
    expect(output).not.toContain("^");
    expect(printed(result)).toMatchInlineSnapshot(`
[
  "inventory:4: the file is not valid YAML: Flow map in block collection must be sufficiently indented and end with a } (line 4, column 1)",
]
`);
  });

  it("never prints a value held in an unclosed quote", () => {
    const result = validateInventoryText(`version: 1\norganization: "${CANARY}\n`);

    expect(printed(result).join("\n")).not.toContain(CANARY);
    expect(printed(result)).toMatchInlineSnapshot(`
[
  "inventory:3: the file is not valid YAML: Missing closing "quote (line 3, column 1)",
]
`);
  });

  it("reports a duplicate key at the second occurrence", () => {
    const result = validateInventoryText("version: 1\norganization: acme\norganization: other\n");

    expect(result.issues.map((issue) => [issue.code, issue.line, issue.column])).toEqual([["yaml-duplicate-key", 3, 1]]);
    expect(printed(result)).toMatchInlineSnapshot(`
[
  "inventory:3: the file is not valid YAML: Map keys must be unique (line 3, column 1)",
]
`);
  });

  it("refuses an alias bomb instead of expanding it", () => {
    const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (const [name, previous] of [
      ["b", "a"],
      ["c", "b"],
      ["d", "c"],
      ["e", "d"],
      ["f", "e"],
      ["g", "f"],
      ["h", "g"],
      ["i", "h"],
    ]) {
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`);
    }
    const started = Date.now();
    const result = validateInventoryText(levels.join("\n"));

    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.ok).toBe(false);
    expect(printed(result)).toMatchInlineSnapshot(`
[
  "the file could not be read as data: too many aliases, or an alias that names no anchor (the parser's words quote the file, so they are not shown)",
]
`);
  });

  it("resolves a few aliases, as a real inventory might use them, and validates what they stand for", () => {
    // GIVEN two consumers that share one network list through an anchor and an alias
    const text = stringify(baseInventory())
      .replace(/cidrs:\n(\s+)- 10\.20\.0\.0\/16\n/, "cidrs: &office\n$1- 10.20.0.0/16\n")
      .replace(
        /roleName: billing-sync\n/,
        "roleName: billing-sync\n      - id: billing-office\n        auth: { method: approle, cidrs: *office }\n",
      );

    const result = validateInventoryText(text);

    expect(text).toContain("*office");
    expect(printed(result)).toEqual([
      "inventory:81: connectors[1].consumers[1].auth.method: approle cannot read from AWS Secrets Manager; for store aws use aws-iam or jwt",
    ]);
  });
});

describe("other inputs", () => {
  it("reads JSON (which is YAML) with lines", () => {
    const text = JSON.stringify(inventoryWithOwner("nobody"), null, 2);
    const result = validateInventoryText(text);

    expect(result.issues.map((issue) => [issue.line, formatIssue(issue)])).toMatchInlineSnapshot(`
[
  [
    55,
    "inventory:55: connectors[0].owner: "nobody" is not a declared owner; declared owners: orders-team",
  ],
]
`);
  });

  it("reports wrong types with what was expected, one issue each, by line", () => {
    const text = ["version: '1'", "organization: 42", "owners: {}", "environments: [dev]", "connectors: yes", ""].join("\n");

    expect(printed(validateInventoryText(text))).toMatchInlineSnapshot(`
[
  "inventory:1: version: must be 1, got text",
  "inventory:2: organization: must be text, got 42 (quote it in YAML)",
  "inventory:3: owners: must be a list, got a mapping",
  "inventory:4: environments[0]: must be a mapping, got text",
  "inventory:5: connectors: must be a list, got text",
]
`);
  });

  it("reports a document that is a single word without echoing it", () => {
    const result = validateInventoryText(`${CANARY}\n`);

    expect(printed(result).join("\n")).not.toContain(CANARY);
    expect(printed(result)).toMatchInlineSnapshot(`
[
  "inventory:1: this is not an inventory: expected a mapping with version, organization, owners, environments, connectors, got text (its content is not shown)",
]
`);
  });

  it("reports a document that is a list", () => {
    expect(printed(validateInventoryText("- version: 1\n"))).toMatchInlineSnapshot(`
[
  "inventory:1: this is not an inventory: expected a mapping with version, organization, owners, environments, connectors, got a list (its content is not shown)",
]
`);
  });
});

function inventoryWithOwner(owner: string) {
  const doc = baseInventory();
  doc.connectors[0].owner = owner;
  return doc;
}

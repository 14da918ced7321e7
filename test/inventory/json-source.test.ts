/*
 * The JSON fast path of inventory parsing reads what the YAML parser reads: the same value, the
 * same line and column for every path, and for anything it declines (a duplicate key, invalid
 * JSON, tabs...) the YAML parser's own issues.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parse as parseYaml } from "yaml";
import { jsonSource, keyTokens } from "../../lib/inventory/json-source";
import type { SpecPath } from "../../lib/inventory/issues";
import { parseYamlSource, parseYamlText } from "../../lib/inventory/yaml-source";
import { propertyRuns } from "../support/property-runs";

/** Every path of a value, and for each a few that do not exist below it. */
function pathsOf(value: unknown, path: SpecPath = [], out: SpecPath[] = []): SpecPath[] {
  out.push(path, [...path, "absent"], [...path, 7]);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...path, index], out));
  else if (value !== null && typeof value === "object")
    for (const [key, child] of Object.entries(value)) pathsOf(child, [...path, key], out);
  return out;
}

/** `parseYamlSource` (fast path or not) reads `text` as the YAML parser does; `fastPath`: it took the fast path. */
function expectSameReading(text: string, fastPath = true): void {
  if (fastPath) expect(jsonSource(text)).toBeDefined();
  const fast = parseYamlSource(text);
  const yaml = parseYamlText(text);
  expect(fast.parseIssues).toEqual(yaml.parseIssues);
  if (yaml.parseIssues.length > 0) return;
  expect(fast!.value).toEqual(yaml.value);
  for (const path of pathsOf(yaml.value)) {
    for (const at of ["key", "value"] as const) expect([path, at, fast!.lineOf(path, at)]).toEqual([path, at, yaml.lineOf(path, at)]);
  }
}

const layouts = fc.constantFrom<[number, string]>([0, "\n"], [2, "\n"], [4, "\n"], [2, "\r\n"]);

describe("the JSON fast path reads what the YAML parser reads", () => {
  it("gives the same value and the same line and column for every path of random JSON documents", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), layouts, fc.constantFrom("", "\n", "  \n"), (value, [indent, newline], around) => {
        const text = `${around}${JSON.stringify(value, null, indent).replace(/\n/g, newline)}${around}`;
        if (!/^\s*[[{]/.test(text)) return; // a scalar document is not JSON the fast path takes
        expectSameReading(text);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it("gives the same reading with any Unicode text in keys and values (text YAML reads its own way takes the YAML path)", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 12 });
    fc.assert(
      fc.property(
        fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 3 }), fc.dictionary(text, text, { maxKeys: 3 })), { maxKeys: 6 }),
        (value) => {
          expectSameReading(JSON.stringify({ connectors: value }, null, 2), false);
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });

  it("reads the shipped example, as JSON, with the same lines as the YAML parser", () => {
    const example = parseYaml(readFileSync(join(__dirname, "..", "..", "examples", "multi-env", "connectors.yaml"), "utf8"));
    expectSameReading(JSON.stringify(example, null, 2));
    expectSameReading(JSON.stringify(example));
  });

  it.each([
    ["a duplicate key", '{\n  "version": 1,\n  "version": 2\n}'],
    ["a duplicate key spelled with an escape", '{"ab": 1, "a\\u0062": 2}'],
    ["invalid JSON", '{"version": 1,}'],
    ["a tab", '{\n\t"version": 1\n}'],
    ["a lone carriage return", '{"version": 1,\r"organization": "x"}'],
    ["a key on its own line before the colon", '{"version"\n: 1}'],
    ["a merge key", '{"<<": {"version": 1}}'],
    ["a control character", '{"version": "\u0085"}'],
    ["a byte-order mark", '\ufeff{"version": 1}'],
    ["a key longer than YAML allows", `{"${"k".repeat(1100)}": 1}`],
  ])("leaves %s to the YAML parser (its issues, its value)", (_what, text) => {
    expect(jsonSource(text)).toBeUndefined();
    const reading = parseYamlSource(text);
    const yaml = parseYamlText(text);
    expect(reading.parseIssues).toEqual(yaml.parseIssues);
    expect(reading.value).toEqual(yaml.value);
  });

  it("reports a duplicate key of a JSON inventory as the YAML parser does, with its line", () => {
    const { parseIssues } = parseYamlSource('{\n  "version": 1,\n  "version": 2\n}');
    expect(parseIssues).toEqual([expect.objectContaining({ code: "yaml-duplicate-key", line: 3 })]);
  });

  // The reading the scanner replaced: a string token, and the colon after it on its line.
  const STRING_TOKEN = /"(?:[^"\\\n]|\\.)*"([ \r]*:)?/g;
  const byRegex = (text: string): number | undefined => {
    let keys = 0;
    for (const match of text.matchAll(STRING_TOKEN)) {
      if (match[1] === undefined) continue;
      if (match[0].length > 1000 || match[0].startsWith('"<<"')) return undefined;
      keys += 1;
    }
    return keys;
  };

  /** JSON as JSON.stringify lays it out, with `gap` between each key and its colon. */
  const render = (node: unknown, indent: number, gap: string, depth = 1): string => {
    if (node === null || typeof node !== "object") return JSON.stringify(node);
    const [open, close, items] = Array.isArray(node)
      ? ["[", "]", node.map((item) => render(item, indent, gap, depth + 1))]
      : [
          "{",
          "}",
          Object.entries(node).map(([k, v]) => `${JSON.stringify(k)}${gap}:${indent ? " " : ""}${render(v, indent, gap, depth + 1)}`),
        ];
    if (items.length === 0) return open + close;
    if (!indent) return open + items.join(",") + close;
    const pad = "\n" + " ".repeat(indent * depth);
    return open + pad + items.join("," + pad) + "\n" + " ".repeat(indent * (depth - 1)) + close;
  };

  it("counts key tokens as the regular expression did, on any valid JSON text and layout", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "\\", '"', ":", " ", "\n", "<", "\u00e9", "\r") });
    const key = fc.oneof(text, fc.constantFrom("<<", "k".repeat(1100), "a\\", '\\"', ""));
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        text,
        fc.integer(),
        fc.constant(null),
        fc.array(tie("node"), { maxLength: 4 }),
        fc.dictionary(key, tie("node"), { maxKeys: 4 }),
      ),
    })).node;
    // JSON.stringify's layouts, and spaces or carriage returns before a colon (both readings allow them).
    fc.assert(
      fc.property(value, fc.constantFrom(0, 2), fc.constantFrom("", " ", "\r", "  \r "), (node, indent, gap) => {
        const json = render(node, indent, gap);
        JSON.parse(json);
        expect(keyTokens(json)).toBe(byRegex(json));
      }),
      { numRuns: propertyRuns(400) },
    );
    expect(keyTokens('{"a\\\\": {"b\\"c": 1, "<<": 2}}')).toBeUndefined();
    expect(keyTokens('{"a\\\\": {"b\\"c": 1}}')).toBe(2);
  });
});

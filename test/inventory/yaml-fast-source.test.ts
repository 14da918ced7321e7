/*
 * The YAML fast path (js-yaml) reads what the YAML parser of record (`yaml`) reads: whenever it
 * takes a text, the parser of record finds no error in it and gives the same value, and lines come
 * from the parser of record. Everything it declines goes to the parser of record, whose issues users
 * see. Checked on random documents written by both libraries in every style they offer, on random
 * mutations of those (the texts a hurried edit makes), and on the scalars core schemas are known
 * to read differently.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { dump } from "js-yaml";
import { stringify } from "yaml";
import type { SpecPath } from "../../lib/inventory/issues";
import { eventLines } from "../../lib/inventory/yaml-event-lines";
import { fastYamlSource } from "../../lib/inventory/yaml-fast-source";
import { parseYamlSource, parseYamlText, type SourceDocument } from "../../lib/inventory/yaml-source";
import { fixturePath } from "../support/inventories";
import { propertyRuns } from "../support/property-runs";

const ROOT = join(__dirname, "..", "..");

function fast(text: string): SourceDocument | undefined {
  return fastYamlSource(text, () => parseYamlText(text));
}

/** Every path of a value, and for each a few that do not exist below it. */
function pathsOf(value: unknown, path: SpecPath = [], out: SpecPath[] = []): SpecPath[] {
  out.push(path, [...path, "absent"], [...path, 7]);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...path, index], out));
  else if (value !== null && typeof value === "object")
    for (const [key, child] of Object.entries(value)) pathsOf(child, [...path, key], out);
  return out;
}

/**
 * Whenever the fast path takes `text`, the parser of record reads it without issue and to the same
 * value, and wherever js-yaml's events give lines they are the parser of record's. Returns whether
 * the fast path took it.
 */
function expectAgreement(text: string): boolean {
  const reading = fast(text);
  if (reading === undefined) return false;
  const record = parseYamlText(text);
  expect([text, record.parseIssues]).toEqual([text, []]);
  expect([text, reading.value]).toEqual([text, record.value]);
  const lines = eventLines(text);
  if (lines) {
    for (const path of pathsOf(record.value)) {
      for (const at of ["key", "value"] as const)
        expect([text, path, at, lines(path, at)]).toEqual([text, path, at, record.lineOf(path, at)]);
    }
  }
  // Prototype-shaped keys must be own data keys in both readings, never prototypes.
  expect(Object.getPrototypeOf(reading.value)).toBe(Object.prototype);
  return true;
}

/** Keys and strings from an alphabet of YAML's special characters, words it types, and plain text. */
const tricky = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "a b",
    "#",
    "a #b",
    "a#b",
    ": ",
    "a: b",
    "- x",
    "-",
    "[a]",
    "{a: 1}",
    "'",
    '"',
    "\\",
    "|",
    ">",
    "@x",
    "`x",
    "%x",
    "=",
    "~",
    "null",
    "Null",
    "true",
    "True",
    "yes",
    "no",
    "on",
    "0o17",
    "0x1F",
    "0b11",
    "1_000",
    "1e3",
    "1e999",
    "-.5e400",
    ".inf",
    "-.Inf",
    ".NaN",
    "007",
    "2001-12-14",
    "1:20",
    "__proto__",
    "constructor",
    "toString",
    "é",
    "日本",
    "😀",
    "line\nbreak",
    "trailing ",
    " leading",
    "a\n\nb",
    "---",
    "...",
  ),
  fc.string({
    unit: fc.constantFrom(
      "a",
      "b",
      " ",
      "-",
      ":",
      "#",
      "'",
      '"',
      "\\",
      "\n",
      "[",
      "]",
      "{",
      "}",
      ",",
      ".",
      "0",
      "1",
      "é",
      "/",
      "=",
      "|",
      ">",
    ),
    maxLength: 10,
  }),
  fc.string({ maxLength: 8 }),
);

const scalar = fc.oneof(
  tricky,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.boolean(),
  fc.constant(null),
);

const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("list"), tie("map")),
  list: fc.array(tie("node"), { maxLength: 4 }),
  map: fc.dictionary(tricky, tie("node"), { maxKeys: 5 }),
})).node;

const documentValue = fc.dictionary(tricky, value, { minKeys: 1, maxKeys: 6 });

/** The text of a value as `yaml` or js-yaml writes it, in a random style of each. */
const writer = fc.oneof(
  fc
    .record({
      collectionStyle: fc.constantFrom("any", "block", "flow"),
      defaultStringType: fc.constantFrom("PLAIN", "QUOTE_DOUBLE", "QUOTE_SINGLE", "BLOCK_LITERAL", "BLOCK_FOLDED"),
      defaultKeyType: fc.constantFrom(null, "PLAIN", "QUOTE_DOUBLE", "QUOTE_SINGLE"),
      indent: fc.integer({ min: 1, max: 6 }),
      indentSeq: fc.boolean(),
      lineWidth: fc.constantFrom(0, 20, 80),
      minContentWidth: fc.constantFrom(0, 20),
      doubleQuotedAsJSON: fc.boolean(),
      flowCollectionPadding: fc.boolean(),
    })
    .map((options) => (input: unknown) => stringify(input, { ...options, aliasDuplicateObjects: false } as never)),
  fc
    .record({
      indent: fc.integer({ min: 1, max: 6 }),
      flowLevel: fc.constantFrom(-1, 0, 1, 2),
      lineWidth: fc.constantFrom(-1, 20, 80),
      quotingType: fc.constantFrom("'", '"'),
      forceQuotes: fc.boolean(),
      noCompatMode: fc.boolean(),
    })
    .map((options) => (input: unknown) => dump(input, { ...options, noRefs: true } as never)),
);

/** A hurried edit: characters YAML treats specially put somewhere, a span cut, a line re-indented or doubled. */
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.constantFrom(
      " ",
      "  ",
      "\n",
      "- ",
      ": ",
      "#",
      "'",
      '"',
      "[",
      "]",
      "{",
      "}",
      ",",
      "|",
      ">",
      "-",
      "\\",
      "... ",
      "--- ",
      "\n---\n",
      "x",
    ),
  }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant("double" as const), at: fc.nat() }),
);

type Edit = { kind: "insert"; at: number; text: string } | { kind: "cut"; at: number; length: number } | { kind: "double"; at: number };

function applyEdit(text: string, change: Edit): string {
  if (text.length === 0) return text;
  const at = change.at % text.length;
  if (change.kind === "insert") return text.slice(0, at) + change.text + text.slice(at);
  if (change.kind === "cut") return text.slice(0, at) + text.slice(at + change.length);
  const start = text.lastIndexOf("\n", at - 1) + 1;
  const end = text.indexOf("\n", at);
  const line = text.slice(start, end < 0 ? text.length : end + 1);
  return text.slice(0, start) + line + (line.endsWith("\n") ? "" : "\n") + text.slice(start);
}

describe("the YAML fast path reads what the YAML parser reads", () => {
  it("gives the same value for random documents in every style both libraries write", () => {
    let taken = 0;
    let located = 0;
    fc.assert(
      fc.property(documentValue, writer, (input, write) => {
        const text = write(input);
        if (expectAgreement(text)) taken += 1;
        if (eventLines(text)) located += 1;
      }),
      // Light 250: about three documents in five take the fast path and half get event lines (unseeded), so 250 clear the checks below with room.
      { numRuns: propertyRuns(400, { light: 250 }) },
    );
    // Not a vacuous agreement: many written documents take the fast path, and many get their lines from the events.
    expect(taken).toBeGreaterThan(100);
    expect(located).toBeGreaterThan(50);
  });

  it("never takes a text the YAML parser refuses or reads otherwise, after random edits", () => {
    fc.assert(
      fc.property(documentValue, writer, fc.array(edit, { minLength: 1, maxLength: 3 }), (input, write, edits) => {
        expectAgreement(edits.reduce((text, change) => applyEdit(text, change), write(input)));
      }),
      { numRuns: propertyRuns(600) },
    );
  });

  it.each([
    "0o17",
    "0x1F",
    "0b101",
    "1_000",
    "+1",
    "-0",
    ".5",
    "1.",
    "1e3",
    "+.inf",
    "-.Inf",
    ".NaN",
    "~",
    "null",
    "NULL",
    "nUll",
    "true",
    "TRUE",
    "tRue",
    "yes",
    "on",
    "y",
    "0777",
    "08",
    "2001-12-14",
    "1:20",
    "=",
    "0x",
    "1.0e+3",
    "-1_0",
    "+0x1",
    "12e03",
    '"a\\tb"',
    "'it''s'",
    '"\\u00e9"',
    '"\\x41"',
    '"\\N"',
    '"\\_"',
    '"\\/"',
    "a #b",
    "a#b",
  ])("reads the scalar %s as the YAML parser does, as a value, a key and in a flow sequence", (text) => {
    for (const document of [`k: ${text}\n`, `${text}: v\n`, `k: [${text}, x]\n`, `k:\n  - ${text}\n`]) {
      expectAgreement(document);
    }
  });

  it("reads every shipped example and fixture on the fast path, to the value the YAML parser gives", () => {
    const files = [
      ...["acme.yaml", "realworld.yaml"].map(fixturePath),
      ...["multi-env", "compose-in-own-stack"].map((example) => join(ROOT, "examples", example, "connectors.yaml")),
    ];
    for (const file of files) expect([file, expectAgreement(readFileSync(file, "utf8"))]).toEqual([file, true]);
  });

  it("agrees on every invalid fixture it takes, and leaves the broken ones to the YAML parser", () => {
    const dir = fixturePath("invalid");
    for (const name of readdirSync(dir)) {
      const text = readFileSync(join(dir, name), "utf8");
      expectAgreement(text);
      if (name.startsWith("broken-yaml")) expect(fast(text)).toBeUndefined();
    }
  });

  it("gives the YAML parser's line and column for every path", () => {
    const text = readFileSync(join(ROOT, "examples", "multi-env", "connectors.yaml"), "utf8");
    expect(eventLines(text)).toBeDefined();
    const reading = fast(text)!;
    const record = parseYamlText(text);
    const paths: SpecPath[] = [];
    const walk = (node: unknown, path: SpecPath) => {
      paths.push(path, [...path, "absent"]);
      if (Array.isArray(node)) node.forEach((item, index) => walk(item, [...path, index]));
      else if (node !== null && typeof node === "object") for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
    };
    walk(record.value, []);
    expect(paths.length).toBeGreaterThan(100);
    for (const path of paths) {
      for (const at of ["key", "value"] as const) expect([path, at, reading.lineOf(path, at)]).toEqual([path, at, record.lineOf(path, at)]);
    }
  });

  it("takes sequence entries of quoted scalars and flow mappings that end their line", () => {
    const text = 'a:\n- "x" # note\n- {id: a, cidrs: ["10.0.0.0/8"]}\n- \'it\'\'s\'\n- "k": v\n- [x, "y]"]\n';
    expect(expectAgreement(text)).toBe(true);
  });

  it("takes a first line that is just a document start marker", () => {
    expect(fast("---\na: 1\n")?.value).toEqual({ a: 1 });
    expect(expectAgreement("---\r\na: 1\r\n")).toBe(true);
  });

  it("finds lines from js-yaml's events, and asks the YAML parser only where they could differ, once", () => {
    const plain = "a: 1\nb:\n  - 'x'\n  - {c: \"d\"}\n";
    const unasked = jest.fn(() => parseYamlText(plain));
    const reading = fastYamlSource(plain, unasked)!;
    expect([reading.lineOf(["b", 1, "c"]), reading.lineOf(["b", 0]), reading.lineOf(["b"], "key")]).toEqual([
      { line: 4, column: 9 },
      { line: 3, column: 5 },
      { line: 2, column: 1 },
    ]);
    const record = parseYamlText(plain);
    expect([record.lineOf(["b", 1, "c"]), record.lineOf(["b", 0]), record.lineOf(["b"], "key")]).toEqual([
      { line: 4, column: 9 },
      { line: 3, column: 5 },
      { line: 2, column: 1 },
    ]);
    expect(unasked).not.toHaveBeenCalled();
    for (const text of ["a: |\n  x\n", "a:\nb: 1\n", "1: x\n", "true: x\n"]) {
      expect(eventLines(text)).toBeUndefined();
      const lines = jest.fn(() => parseYamlText(text));
      const other = fastYamlSource(text, lines)!;
      other.lineOf(["a"]);
      other.lineOf(["a"], "key");
      expect(lines).toHaveBeenCalledTimes(1);
    }
  });

  it.each([
    ["an anchor and an alias", "a: &x 1\nb: *x\n"],
    ["an alias bomb", `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [${"*a, ".repeat(9)}*a]\nc: &c [${"*b, ".repeat(9)}*b]\n`],
    ["a tag", "a: !!str 1\n"],
    ["a local tag", "a: !secret x\n"],
    ["a directive", "%YAML 1.2\n---\na: 1\n"],
    ["an explicit key", "? a\n: 1\n"],
    ["a merge key", "base: {x: 1}\nk:\n  <<: {x: 2}\n"],
    ["a duplicate key", "a: 1\nb: 2\na: 3\n"],
    ["two documents", "a: 1\n---\nb: 2\n"],
    ["a document end marker before the content", "... a: 1\n"],
    ["a document end marker after the content", "a: 1\n...\n"],
    ["a tab", "a:\n\tb: 1\n"],
    ["a lone carriage return", "a: 1\rb: 2\n"],
    ["a byte-order mark", "\ufeffa: 1\n"],
    ["a next-line character", "a: x\u0085y\n"],
    ["a line separator", "a: x\u2028y\n"],
    ["a key longer than YAML allows", `${"k".repeat(1100)}: 1\n`],
    ["a number too large for a double", "a: -2.1e100000000\n"],
    ["a key too large for a double", `${"9".repeat(400)}: x\n`],
    ["an octal integer too large for a double", `a: [0o${"7".repeat(400)}]\n`],
    ["a null key", "~: 1\n"],
    ["an empty key", "a: {: 1}\n"],
    ["a sequence entry with a key after its quoted scalar", 'a:\n- "x" b: 1\n'],
    ["a sequence entry with a key after its quoted scalar, spaced", 'a:\n-   "x"   b: 1\n'],
    ["a sequence entry with a key after its flow mapping", "a:\n- {} b: 1\n"],
    ["a sequence entry with a quoted key after its flow mapping", 'a:\n- {}"b": 1\n'],
    ["a sequence entry with text after its flow sequence", "a:\n- [x] y\n"],
    ["a sequence entry whose flow mapping goes on below a comment", "a:\n- {x: 1, #}\n  y: 2}\n"],
    ["a sequence entry whose quoted scalar goes on below", 'a:\n- "x\n  y"\n'],
    ["an escaped line break before an empty line", 'a: ".\\\n\n  .."\n'],
    ["a scalar document", "just text\n"],
    ["a sequence document", "- a\n- b\n"],
    ["bad indentation", "a:\n  b: 1\n c: 2\n"],
    ["an unclosed flow sequence", "a: [1, 2\nb: 3\n"],
    ["an unclosed quote", 'a: "x\n'],
  ])("declines %s: the YAML parser reads it, with its own issues", (_what, text) => {
    expect(fast(text)).toBeUndefined();
    const reading = parseYamlSource(text);
    const record = parseYamlText(text);
    expect(reading.parseIssues).toEqual(record.parseIssues);
    expect(reading.value).toEqual(record.value);
  });
});

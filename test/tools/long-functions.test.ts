import { join } from "node:path";
import { formatFunction, judgeFunctions, measureFunctions, scanLongFunctions, type FunctionLength } from "../../tools/long-functions";

/** A function whose body spans `lines` lines, braces included. */
function fn(name: string, lines: number, above = ""): string {
  const body = Array.from({ length: lines - 2 }, (_, i) => `  const v${i} = ${i};`).join("\n");
  return `${above}function ${name}() {\n${body}\n}\n`;
}

const judge = (text: string) => judgeFunctions(measureFunctions("x.ts", text));
const names = (list: readonly FunctionLength[]) => list.map((f) => f.name);

describe("the long-function detector", () => {
  it("finds a function whose body spans more than 80 lines, and lets one of 80 pass", () => {
    // GIVEN one function of 81 lines and one of 80
    const report = judge(fn("tooLong", 81) + fn("justRight", 80));
    // THEN only the first is reported, with its line and length
    expect(report.long.map(formatFunction)).toEqual(["x.ts:1 tooLong 81"]);
  });

  it("allows a long function with a reason directly above it", () => {
    const report = judge(
      fn("table", 90, "/** The doc comment may stay. */\n// long-function: one row per resource type, read as a table\n"),
    );
    expect(report.long).toEqual([]);
    expect(report.reasoned.map((f) => [f.name, f.reason])).toEqual([["table", "one row per resource type, read as a table"]]);
  });

  it("refuses a marker with an empty reason", () => {
    const report = judge(fn("lazy", 90, "// long-function:   \n"));
    expect(names(report.emptyReason)).toEqual(["lazy"]);
    expect(report.reasoned).toEqual([]);
  });

  it("reports a marker on a function that is not long as stale", () => {
    expect(names(judge(fn("short", 10, "// long-function: was long once\n")).staleReason)).toEqual(["short"]);
  });

  it("counts nested functions separately, and an outer reason does not cover the inner one", () => {
    // GIVEN an outer function (reasoned) holding a long arrow function and a long callback
    const inner = Array.from({ length: 85 }, (_, i) => `    const w${i} = ${i};`).join("\n");
    const text = [
      "// long-function: the outer one is allowed",
      "export function outer() {",
      "  const helper = () => {",
      inner,
      "  };",
      "  [1].map(function () {",
      inner,
      "  });",
      "  return helper;",
      "}",
    ].join("\n");
    const report = judge(text);
    expect(names(report.reasoned)).toEqual(["outer"]);
    expect(names(report.long)).toEqual(["outer/helper", "outer/<function at line 90>"]);
  });

  it("names methods, constructors, accessors and assigned arrow functions by their class or binding", () => {
    const body = Array.from({ length: 85 }, (_, i) => `    this.n += ${i};`).join("\n");
    const text = [
      "class Box {",
      "  n = 0;",
      `  constructor() {\n${body}\n  }`,
      `  get size() {\n${body}\n    return 1;\n  }`,
      `  grow() {\n${body}\n  }`,
      `  shrink = () => {\n${body}\n  };`,
      "}",
      `const table = { read: (b: Box) => {\n${body.replace(/this/g, "b")}\n} };`,
    ].join("\n");
    expect(names(judge(text).long)).toEqual(["Box.constructor", "Box.get size", "Box.grow", "Box.shrink", "read"]);
  });
});

describe("lib/", () => {
  const report = scanLongFunctions(join(__dirname, "..", ".."));

  it("has no function over 80 lines without a written reason", () => {
    expect(report.long.map(formatFunction)).toEqual([]);
  });

  it("has no long-function marker without a reason, and none on a function that is not long", () => {
    expect(report.emptyReason.map(formatFunction)).toEqual([]);
    expect(report.staleReason.map(formatFunction)).toEqual([]);
  });
});

import type { Document, Node } from "yaml";
import type { SpecIssue, SpecPath } from "./issues";
import { jsonSource } from "./json-source";
import { fastYamlSource } from "./yaml-fast-source";
import type { SourceDocument } from "./source-document";

/** Declared in source-document.ts, which the JSON and fast YAML readers import without importing this file. */
export type { SourceDocument } from "./source-document";

/** Parser messages end in " at line N, column M:" and a source excerpt: keep the words only. */
function parserMessage(message: string): string {
  const cut = message.indexOf(" at line ");
  return (cut >= 0 ? message.slice(0, cut) : message.split("\n")[0]).trim();
}

/**
 * Parser codes whose words are the parser's own (no text of the file in them). Others quote the
 * source (`Unresolved tag: !<tag>`, `Invalid escape sequence \q`, `Unexpected <token> in ...`),
 * which could be a secret: they are described by their code instead.
 */
const PARSER_OWN_WORDS = new Set([
  "BAD_INDENT",
  "BLOCK_AS_IMPLICIT_KEY",
  "DUPLICATE_KEY",
  "KEY_OVER_1024_CHARS",
  "MISSING_CHAR",
  "MULTILINE_IMPLICIT_KEY",
  "MULTIPLE_ANCHORS",
  "MULTIPLE_DOCS",
  "MULTIPLE_TAGS",
  "TAB_AS_INDENT",
]);

const SAFE_UNEXPECTED =
  /^(Unexpected (flow-seq-end|flow-map-end|[a-z-]+) (at node end|token)|Unexpected scalar at node end|Plain value cannot start with [^\w\s]|Expected a flow scalar value, but found: [a-z-]+)$/;

function describeParserError(code: string, message: string): string {
  const words = parserMessage(message);
  if (PARSER_OWN_WORDS.has(code) || SAFE_UNEXPECTED.test(words)) return words;
  return `${code.toLowerCase().replace(/_/g, " ")} (the parser's words quote the file, so they are not shown)`;
}

/**
 * Parses inventory text, YAML or JSON (which is YAML too). A JSON text that `JSON.parse` reads and
 * that has no duplicate key takes the JSON fast path (lib/inventory/json-source.ts: the same value and
 * the same lines, a hundredth of the time); plain YAML that js-yaml reads takes the YAML fast path
 * (lib/inventory/yaml-fast-source.ts: the same value, a tenth of the time, lines from the YAML parser
 * when an issue needs one); everything else, errors included, goes through the YAML parser, whose
 * messages are the ones users see.
 */
export function parseYamlSource(text: string): SourceDocument {
  return jsonSource(text) ?? fastYamlSource(text, () => parseYamlText(text)) ?? parseYamlText(text);
}

/** The YAML parser's reading of any text: the path of every YAML file, and the oracle of the JSON fast path. */
export function parseYamlText(text: string): SourceDocument {
  // Required here: a JSON inventory never loads the YAML parser.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, so a command loads only the modules it uses (start-up time)
  const { LineCounter, parseDocument } = require("yaml") as typeof import("yaml");
  const lineCounter = new LineCounter();
  const doc: Document.Parsed = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: true,
  });
  const parseIssues: SpecIssue[] = doc.errors.map((error) => {
    const position = error.linePos?.[0];
    return {
      path: [],
      code: `yaml-${error.code.toLowerCase().replace(/_/g, "-")}`,
      severity: "error",
      message: `the file is not valid YAML: ${describeParserError(error.code, error.message)} (line ${position?.line ?? "?"}, column ${position?.col ?? "?"})`,
      line: position?.line,
      column: position?.col,
    };
  });
  let value: unknown;
  if (parseIssues.length === 0) {
    try {
      // Alias bombs: a real inventory never needs many aliases.
      value = doc.toJS({ maxAliasCount: 100 });
    } catch {
      parseIssues.push({
        path: [],
        code: "yaml-unreadable",
        severity: "error",
        message:
          "the file could not be read as data: too many aliases, or an alias that names no anchor (the parser's words quote the file, so they are not shown)",
      });
    }
  }
  return {
    value,
    parseIssues,
    lineOf(path, at = "value") {
      const range = rangeOf(doc, path, at);
      if (range === undefined) return undefined;
      const position = lineCounter.linePos(range);
      return { line: position.line, column: position.col };
    },
  };
}

/** Offset of the node at `path`; for a missing key, the offset of the closest existing parent. */
function rangeOf(doc: Document, path: SpecPath, at: "key" | "value"): number | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, so a command loads only the modules it uses (start-up time)
  const { isMap, isPair, isScalar, isSeq } = require("yaml") as typeof import("yaml");
  let node: unknown = doc.contents;
  let best: number | undefined = (node as Node | null)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return best;
      const keyNode = pair.key as Node;
      if (last && at === "key") return keyNode.range?.[0] ?? best;
      node = pair.value;
      best = (node as Node | null)?.range?.[0] ?? keyNode.range?.[0] ?? best;
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment];
      if (node === undefined) return best;
      best = (node as Node).range?.[0] ?? best;
    } else {
      return best;
    }
  }
  return best;
}

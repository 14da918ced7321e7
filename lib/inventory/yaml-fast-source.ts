import type { SourceDocument } from "./source-document";
import { UNUSUAL_CHARACTERS } from "./json-source";
import { eventLines, type JsYamlEvents, type LineOf } from "./yaml-event-lines";

/*
 * The fast path of inventory parsing for YAML text. The YAML parser of record (`yaml`, whose
 * messages and line numbers users see) builds a concrete syntax tree of every token: a
 * 1,000-connector inventory takes it about half a second. js-yaml reads the same text in a tenth of
 * that. Two parsers are two readings, so this path takes only text on which both read alike and
 * declines (returns undefined, and the YAML parser reads the text) everything else:
 * - anything js-yaml refuses (syntax errors, duplicate keys, more than one document, an alias:
 *   every error message comes from the parser of record, and alias bombs stay under its limit);
 * - anchors, aliases, tags, directives, explicit (`?`) keys and merge keys (`<<`), spotted
 *   conservatively: an `&`, `*`, `!` or `?` that starts a word declines the text even inside a
 *   quoted string;
 * - document markers (`---`, `...`) at the start of any line but a first line that is just `---`;
 * - a block sequence entry that opens with a quoted scalar or a flow collection and has more on
 *   its line than a comment or the `:` of a key (`- "a" b: 1`, `- {} c: 2`): js-yaml reads the rest
 *   as a key of the enclosing mapping, the parser of record refuses it; and such an entry whose
 *   scalar or collection does not close on its line;
 * - a backslash that ends a line (an escaped line break in a double-quoted scalar, which js-yaml
 *   folds otherwise when an empty line follows);
 * - tabs, lone carriage returns, control characters, byte-order marks, U+2028/2029 and lone
 *   surrogates, which parsers read their own ways;
 * - a line over 1,000 characters (YAML refuses implicit keys over 1,024);
 * - a document that is not a mapping (an inventory is one);
 * - a mapping with a key read as `null` (`~:`, `null:`, an empty key): js-yaml names it "null",
 *   the parser of record "";
 * - a number too large for a double: js-yaml keeps it as text, the parser of record reads Infinity.
 * Both parsers use YAML 1.2's core schema. Lines are found only when an issue asks for one, from
 * js-yaml's parse events where they place every node as the parser of record does
 * (lib/inventory/yaml-event-lines.ts), by the parser of record otherwise. The differential test (test/inventory/yaml-fast-source.test.ts) compares both
 * readings on random and mutated documents.
 */

/** A node property (anchor, alias, tag), an explicit key or a directive, wherever it could start a node. */
const NODE_PROPERTY = /(?:^|[\s[{,])[&*!?]|^%/m;

/** A document marker at the start of a line. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)/m;

/** The one document marker taken: a first line that is just `---`. */
const LEADING_START = /^---\r?\n/;

/** A block sequence entry opening with a quoted scalar or a flow collection; group 1 is the opener. */
const ENTRY_OPENER = /^[ ]*(?:-[ ]+)+(["'[{])/gm;

/** What may follow a closed entry on its line: nothing, a comment, or the `:` that makes it a key. */
const ENTRY_TAIL = /^[ ]*(?:#.*|:(?:[ ].*)?)?$/;

/**
 * Where the quoted scalar or flow collection opening at `start` closes on its line (the index
 * after its last character), or -1 when it does not close there.
 */
function closeOnLine(text: string, start: number, end: number): number {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      for (; j < end; j++) {
        if (c === '"' && text[j] === "\\") j++;
        else if (text[j] === c) {
          if (c === "'" && text[j + 1] === "'") j++;
          else break;
        }
      }
      if (j >= end) return -1;
      i = j;
      if (depth === 0) return i + 1;
    } else if (c === "#" && depth > 0)
      return -1; // a comment: the collection goes on below
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") {
      depth--;
      if (depth === 0) return i + 1;
      if (depth < 0) return -1;
    } else if (depth === 0) return -1;
  }
  return -1;
}

/** Whether some block sequence entry is one js-yaml reads otherwise (see the list above). */
function hasAmbiguousEntry(text: string): boolean {
  for (const match of text.matchAll(ENTRY_OPENER)) {
    const start = match.index + match[0].length - 1;
    const newline = text.indexOf("\n", start);
    const end = newline < 0 ? text.length : text[newline - 1] === "\r" ? newline - 1 : newline;
    const close = closeOnLine(text, start, end);
    if (close < 0 || !ENTRY_TAIL.test(text.slice(close, end))) return true;
  }
  return false;
}

/** A backslash at the end of a line. */
const ESCAPED_BREAK = /\\\r?\n/;

/** A merge key, quoted or not. */
const MERGE_KEY = /<</;

/** Longest line taken: YAML refuses implicit keys longer than 1024 characters. */
const MAX_LINE = 1000;

function hasLongLine(text: string): boolean {
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf("\n", start);
    const stop = end < 0 ? text.length : end;
    if (stop - start > MAX_LINE) return true;
    start = stop + 1;
  }
  return false;
}

/** YAML 1.2 core's integer and float forms (not .inf/.nan, which both read alike). */
const CORE_NUMBER = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?)$/;

/**
 * A string js-yaml may have kept where the parser of record reads a number: a number in a core
 * form too large for a double (js-yaml leaves it a string, the other reads Infinity). A quoted
 * string of that shape is declined too: it is rare, and the parser of record reads it right.
 */
function overflowingNumber(text: string): boolean {
  const first = text.charCodeAt(0);
  // Only text starting with a digit, a sign or a point can be a number.
  if (!((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46)) return false;
  return CORE_NUMBER.test(text) && !Number.isFinite(text.startsWith("0o") ? parseInt(text.slice(2), 8) : Number(text));
}

/**
 * Whether js-yaml's value holds something the parser of record reads otherwise: a key read as
 * `null` (js-yaml names it "null", the other "") or a number too large for a double.
 */
function readsOtherwise(value: object): boolean {
  const pending: object[] = [value];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (Array.isArray(node)) {
      for (const item of node) {
        if (item !== null && typeof item === "object") pending.push(item);
        else if (typeof item === "string" && overflowingNumber(item)) return true;
      }
      continue;
    }
    for (const key of Object.keys(node)) {
      if (key === "null" || overflowingNumber(key)) return true;
      const child = (node as Record<string, unknown>)[key];
      if (child !== null && typeof child === "object") pending.push(child);
      else if (typeof child === "string" && overflowingNumber(child)) return true;
    }
  }
  return false;
}

function withRecord(record: SourceDocument): LineOf {
  return (path, at) => record.lineOf(path, at);
}

/**
 * The fast reading of `text`, or undefined when only the parser of record may read it.
 * `lines` gives the parser of record's reading, asked for only when a line is needed.
 */
export function fastYamlSource(text: string, lines: () => SourceDocument): SourceDocument | undefined {
  if (text.includes("\t") || /\r(?!\n)/.test(text) || UNUSUAL_CHARACTERS.test(text)) return undefined;
  if (NODE_PROPERTY.test(text) || MERGE_KEY.test(text) || ESCAPED_BREAK.test(text) || hasLongLine(text)) return undefined;
  if (DOCUMENT_MARKER.test(text.replace(LEADING_START, "")) || hasAmbiguousEntry(text)) return undefined;
  // Required here: a JSON inventory, or one the fast path declines, never loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, so a command loads only the modules it uses (start-up time)
  const { CORE_SCHEMA, constructFromEvents, parseEvents } = require("js-yaml") as typeof import("js-yaml");
  // What js-yaml's load does, in its two steps: the events are kept, they give the lines.
  let events: JsYamlEvents;
  let value: unknown;
  try {
    events = parseEvents(text, {});
    const documents = constructFromEvents(events, { source: text, schema: CORE_SCHEMA, maxAliases: 0 });
    if (documents.length !== 1) return undefined;
    value = documents[0];
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value) || readsOtherwise(value)) return undefined;
  let lineOf: LineOf | undefined;
  return {
    value,
    parseIssues: [],
    lineOf(path, at = "value") {
      lineOf ??= eventLines(text, events) ?? withRecord(lines());
      return lineOf(path, at);
    },
  };
}

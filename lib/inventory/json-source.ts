import type { SpecPath } from "./issues";
import type { SourceDocument } from "./source-document";

/*
 * The fast path of inventory parsing for JSON text. The YAML parser reads a 1,000-connector
 * inventory in most of a second (it builds a concrete syntax tree of every token); `JSON.parse`
 * reads it in milliseconds. The result must not differ from the YAML parser's in anything a user
 * sees: the same value, the same line and column for every path, and the YAML parser's own
 * messages for anything wrong. So this path takes only text it can read exactly as the YAML
 * parser would, and returns undefined for everything else (invalid JSON, a duplicate key, tabs,
 * lone carriage returns, a key too long for a YAML implicit key, a merge key), which then goes
 * through the YAML parser. Lines are found only when an issue asks for one. The differential
 * test (test/inventory/json-source.test.ts) compares both paths on random documents.
 */

/** YAML refuses implicit keys longer than 1024 characters; well below that, JSON reads the same. */
const MAX_KEY_TOKEN = 1000;

/**
 * Characters YAML does not print or reads its own way: control characters other than line breaks
 * (C0, DEL, C1, NEL included), the byte-order mark, U+2028/2029, non-characters and lone surrogates.
 */
export const UNUSUAL_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- this regex exists to find control characters in inventory text
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function jsonSource(text: string): SourceDocument | undefined {
  const first = /\S/.exec(text);
  if (!first || (first[0] !== "{" && first[0] !== "[")) return undefined;
  if (text.includes("\t") || /\r(?!\n)/.test(text) || UNUSUAL_CHARACTERS.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Duplicate keys: JSON.parse keeps the last, the YAML parser refuses them. Every key of the
  // text must be a key of the value.
  const keys = keyTokens(text);
  if (keys === undefined || keys !== countKeys(value)) return undefined;
  let index: Positions | undefined;
  return {
    value,
    parseIssues: [],
    lineOf(path, at = "value") {
      index ??= new Positions(text);
      return index.lineOf(path, at);
    },
  };
}

/**
 * The key tokens of a valid JSON text: string tokens followed, on the same line, by a colon (after
 * spaces or carriage returns only); undefined when one is a key the
 * YAML parser reads otherwise (too long, or a merge key). A scan by character: on a 1,000-connector
 * inventory the regular expression's match objects cost more than the rest of this check.
 */
export function keyTokens(text: string): number | undefined {
  let keys = 0;
  let start = text.indexOf('"');
  while (start !== -1) {
    // The closing quote: the first one not escaped by an odd run of backslashes.
    let end = text.indexOf('"', start + 1);
    for (;;) {
      if (end === -1) return undefined;
      let slashes = 0;
      while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes += 1;
      if (slashes % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
    let after = end + 1;
    while (text.charCodeAt(after) === 0x20 || text.charCodeAt(after) === 0x0d) after += 1;
    if (text.charCodeAt(after) === 0x3a) {
      if (end + 1 - start > MAX_KEY_TOKEN || text.startsWith('"<<"', start)) return undefined;
      keys += 1;
    }
    start = text.indexOf('"', end + 1);
  }
  return keys;
}

function countKeys(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += countKeys(item);
  } else {
    for (const key of Object.keys(value)) count += 1 + countKeys((value as Record<string, unknown>)[key]);
  }
  return count;
}

/** Where a JSON node starts; a mapping's entries with the offset of their key. */
interface JsonNode {
  readonly start: number;
  readonly entries?: Map<string, { readonly keyStart: number; readonly node: JsonNode }>;
  readonly items?: JsonNode[];
}

/** Offsets of every node of a valid JSON text, and lines as the YAML parser counts them. */
class Positions {
  private readonly root: JsonNode;
  private readonly lineStarts: number[] = [0];
  private offset = 0;

  constructor(private readonly text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
    this.root = this.node();
  }

  /** The same answer as the YAML path's rangeOf: the node at `path`, or its closest existing parent. */
  lineOf(path: SpecPath, at: "key" | "value"): { line: number; column: number } {
    let node: JsonNode | undefined = this.root;
    let best = node.start;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      if (node.entries) {
        const entry = node.entries.get(String(segment));
        if (!entry) break;
        if (i === path.length - 1 && at === "key") {
          best = entry.keyStart;
          break;
        }
        node = entry.node;
        best = node.start;
      } else if (node.items && typeof segment === "number") {
        const item: JsonNode | undefined = node.items[segment];
        if (item === undefined) break;
        node = item;
        best = node.start;
      } else {
        break;
      }
    }
    return this.position(best);
  }

  /** LineCounter.linePos of the yaml package: 1-based line and column. */
  private position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.lineStarts[mid] < offset) low = mid + 1;
      else high = mid;
    }
    if (this.lineStarts[low] === offset) return { line: low + 1, column: 1 };
    return { line: low, column: offset - this.lineStarts[low - 1] + 1 };
  }

  private skipSpace(): void {
    const text = this.text;
    let i = this.offset;
    for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++i));
    this.offset = i;
  }

  private node(): JsonNode {
    this.skipSpace();
    const start = this.offset;
    if (start >= this.text.length) throw new Error("json-source: ran past the end of a JSON text");
    const c = this.text.charCodeAt(start);
    if (c === 123 /* { */) {
      const entries = new Map<string, { keyStart: number; node: JsonNode }>();
      this.offset += 1;
      this.skipSpace();
      if (this.text.charCodeAt(this.offset) === 125 /* } */) {
        this.offset += 1;
        return { start, entries };
      }
      for (;;) {
        this.skipSpace();
        const keyStart = this.offset;
        this.offset = this.stringEnd();
        const key = JSON.parse(this.text.slice(keyStart, this.offset)) as string;
        this.skipSpace();
        this.offset += 1; // ':'
        entries.set(key, { keyStart, node: this.node() });
        this.skipSpace();
        if (this.text.charCodeAt(this.offset++) === 125 /* } */) return { start, entries };
      }
    }
    if (c === 91 /* [ */) {
      const items: JsonNode[] = [];
      this.offset += 1;
      this.skipSpace();
      if (this.text.charCodeAt(this.offset) === 93 /* ] */) {
        this.offset += 1;
        return { start, items };
      }
      for (;;) {
        items.push(this.node());
        this.skipSpace();
        if (this.text.charCodeAt(this.offset++) === 93 /* ] */) return { start, items };
      }
    }
    if (c === 34 /* " */) {
      this.offset = this.stringEnd();
      return { start };
    }
    // A number, true, false or null: up to the next delimiter.
    let i = start;
    for (
      let d = this.text.charCodeAt(i);
      i < this.text.length && d !== 44 && d !== 93 && d !== 125 && d !== 32 && d !== 10 && d !== 13;
      d = this.text.charCodeAt(++i)
    );
    this.offset = i;
    return { start };
  }

  /** The offset after the string token that starts at the current offset. */
  private stringEnd(): number {
    const text = this.text;
    let i = this.offset + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 92 /* \ */) i += 2;
      else if (c === 34 /* " */) return i + 1;
      else i += 1;
    }
  }
}

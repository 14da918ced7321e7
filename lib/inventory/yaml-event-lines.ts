import type { SpecPath } from "./issues";

/*
 * Lines of a YAML text the fast path took (lib/inventory/yaml-fast-source.ts), found from js-yaml's
 * parse events, which carry source offsets, instead of the YAML parser of record's syntax tree
 * (half a second at 1,000 connectors; an inventory with one warning paid it for one line).
 * It answers exactly as the parser of record's `lineOf` does: the same node start for every path
 * (a quoted scalar starts at its quote, a collection at its first key, dash or bracket), and for a
 * missing key the closest existing parent. Where the two could place a node differently, it does
 * not guess: a block scalar (the parser of record starts it at its `|` or `>`), an empty value, or
 * a plain key that may resolve to a number or a boolean (the parser of record compares keys by
 * their resolved value) make it return undefined, and the parser of record answers. The test
 * (test/inventory/yaml-fast-source.test.ts) compares both on every path of random documents.
 */

interface LocatedNode {
  readonly start: number;
  readonly pairs?: Map<string, { readonly keyStart: number; readonly value: LocatedNode }>;
  readonly items?: LocatedNode[];
}

/** A plain key whose resolved value may not be its text (numbers, booleans, nulls in core schema). */
const TYPED_PLAIN = /^(?:[-+.0-9~]|(?:true|false|True|False|TRUE|FALSE|null|Null|NULL)$)/;

/** js-yaml's parse events of a text. */
export type JsYamlEvents = ReturnType<typeof import("js-yaml").parseEvents>;

/** The tree of node starts, or undefined where the parser of record could place a node otherwise. */
function locate(text: string, given?: JsYamlEvents): LocatedNode | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, so a command loads only the modules it uses (start-up time)
  const yaml = require("js-yaml") as typeof import("js-yaml");
  const { EVENT_ID, SCALAR_STYLE } = yaml;
  let events: JsYamlEvents;
  try {
    events = given ?? yaml.parseEvents(text, {});
  } catch {
    return undefined;
  }
  interface Frame {
    readonly node: LocatedNode;
    key?: { readonly text: string; readonly start: number };
  }
  const stack: Frame[] = [];
  let root: LocatedNode | undefined;
  const attach = (node: LocatedNode, keyText?: string): boolean => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      root = node;
      return true;
    }
    if (parent.node.items) {
      parent.node.items.push(node);
      return true;
    }
    if (parent.key === undefined) {
      if (keyText === undefined) return false; // a collection as a key
      parent.key = { text: keyText, start: node.start };
      return true;
    }
    parent.node.pairs!.set(parent.key.text, { keyStart: parent.key.start, value: node });
    parent.key = undefined;
    return true;
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        if (root !== undefined) return undefined;
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        if (event.anchorStart >= 0 || event.tagStart >= 0) return undefined;
        const node: LocatedNode =
          event.type === EVENT_ID.MAPPING ? { start: event.start, pairs: new Map() } : { start: event.start, items: [] };
        if (!attach(node)) return undefined;
        stack.push({ node });
        break;
      }
      case EVENT_ID.SCALAR: {
        if (event.anchorStart >= 0 || event.tagStart >= 0 || event.valueStart < 0) return undefined;
        let start: number;
        if (event.style === SCALAR_STYLE.PLAIN) start = event.valueStart;
        else if (event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED) {
          start = event.valueStart - 1;
          if (text[start] !== (event.style === SCALAR_STYLE.SINGLE_QUOTED ? "'" : '"')) return undefined;
        } else return undefined; // a block scalar starts at its indicator in the parser of record
        const parent = stack[stack.length - 1];
        const isKey = parent?.node.pairs !== undefined && parent.key === undefined;
        let keyText: string | undefined;
        if (isKey) {
          keyText = yaml.getScalarValue(text, event);
          if (event.style === SCALAR_STYLE.PLAIN && TYPED_PLAIN.test(keyText)) return undefined;
        }
        if (!attach({ start }, keyText)) return undefined;
        break;
      }
      case EVENT_ID.POP:
        stack.pop();
        break;
      default:
        return undefined; // an alias
    }
  }
  return root;
}

/** Offset of the node at `path`, as the parser of record's lookup gives it (yaml-source.ts: rangeOf). */
function offsetOf(root: LocatedNode, path: SpecPath, at: "key" | "value"): number {
  let node = root;
  let best = root.start;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (node.pairs) {
      const pair = node.pairs.get(String(segment));
      if (!pair) return best;
      if (i === path.length - 1 && at === "key") return pair.keyStart;
      node = pair.value;
      best = node.start;
    } else if (node.items && typeof segment === "number") {
      const item = node.items[segment];
      if (item === undefined) return best;
      node = item;
      best = node.start;
    } else {
      return best;
    }
  }
  return best;
}

/** The line and column of a path (1-based, columns in UTF-16 units as the parser of record counts them). */
export type LineOf = (path: SpecPath, at?: "key" | "value") => { line: number; column: number } | undefined;

/**
 * A line finder for `text` from js-yaml's events (`events`, when the caller parsed them already),
 * or undefined when the parser of record must answer.
 */
export function eventLines(text: string, events?: JsYamlEvents): LineOf | undefined {
  const root = locate(text, events);
  if (root === undefined) return undefined;
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  return (path, at = "value") => {
    const offset = offsetOf(root, path, at);
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low] + 1 };
  };
}

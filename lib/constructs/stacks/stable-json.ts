import { closeSync, openSync, writeSync } from "node:fs";

/*
 * A stack's `cdk.tf.json` as cdktf writes it, written in pieces.
 *
 * cdktf writes a stack with json-stable-stringify (keys sorted, two spaces, and an empty object or
 * array written as `{` newline-indent `}`, unlike JSON.stringify's `{}`), which builds the whole
 * text by joining the text of every level: a 7 MB stack leaves tens of MB of large strings behind,
 * old-generation garbage that made the heap (and the peak RSS) of a 1,000-connector synth grow by
 * ~35 MiB with every stack written. `writeStableJson` writes the same bytes, in chunks of about
 * 64 KiB, so no text larger than a chunk is ever held. test/constructs/stacks/stable-json.test.ts
 * holds it equal to json-stable-stringify on random JSON and on the shipped inventories' stacks.
 */

const CHUNK = 64 * 1024;
const SPACE = "  ";

/** The value as json-stable-stringify takes it: `toJSON()` applied, as JSON.stringify does. */
function prepared(value: unknown): unknown {
  return value !== null && value !== undefined && typeof (value as { toJSON?: unknown }).toJSON === "function"
    ? (value as { toJSON: () => unknown }).toJSON()
    : value;
}

/** Whether a value is left out of an object (and written `null` in an array). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/**
 * Hands `json`'s text, as `json-stable-stringify(json, { space: 2 })` returns it, to `write` in
 * pieces of about 64 KiB. Throws as it does on a circular object.
 */
export function stableJsonChunks(json: unknown, write: (chunk: string) => void): void {
  let buffer = "";
  const put = (text: string) => {
    buffer += text;
    if (buffer.length >= CHUNK) {
      write(buffer);
      buffer = "";
    }
  };
  const ancestors = new Set<object>();
  const indents = ["\n"];
  const indent = (level: number): string => (indents[level] ??= `${indent(level - 1)}${SPACE}`);
  const emit = (value: unknown, level: number): void => {
    if (value === null || typeof value !== "object") {
      put(JSON.stringify(value));
      return;
    }
    const inner = indent(level + 1);
    if (Array.isArray(value)) {
      put("[");
      for (let i = 0; i < value.length; i++) {
        put(i === 0 ? inner : `,${inner}`);
        const item = prepared(value[i]);
        if (omitted(item)) put("null");
        else emit(item, level + 1);
      }
      put(`${indent(level)}]`);
      return;
    }
    if (ancestors.has(value)) throw new TypeError("Converting circular structure to JSON");
    ancestors.add(value);
    put("{");
    let first = true;
    for (const key of Object.keys(value).sort()) {
      const child = prepared((value as Record<string, unknown>)[key]);
      if (omitted(child)) continue;
      put(`${first ? inner : `,${inner}`}${JSON.stringify(key)}: `);
      first = false;
      emit(child, level + 1);
    }
    put(`${indent(level)}}`);
    ancestors.delete(value);
  };
  const top = prepared(json);
  if (!omitted(top)) emit(top, 0);
  if (buffer !== "") write(buffer);
}

/** The whole text (for tests and small documents). */
export function stableJson(json: unknown): string {
  const parts: string[] = [];
  stableJsonChunks(json, (chunk) => parts.push(chunk));
  return parts.join("");
}

/** Writes `json` to `file` as cdktf writes a stack (json-stable-stringify, two spaces), in chunks. */
export function writeStableJson(file: string, json: unknown): void {
  const fd = openSync(file, "w");
  try {
    stableJsonChunks(json, (chunk) => {
      const bytes = Buffer.from(chunk, "utf8");
      for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
    });
  } finally {
    closeSync(fd);
  }
}

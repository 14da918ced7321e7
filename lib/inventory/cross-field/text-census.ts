/*
 * Every distinct text of a document, once: the rules that read all of its text (secret material,
 * framework tokens) judge each distinct string once and walk the document with paths only when a
 * text is found wanting. A 1,000-connector inventory has about 17,000 strings, 3,500 of them
 * distinct, and clean inventories are the common case.
 */

/** The field a string value sits under, as the text rules tell fields apart. */
export type FieldKey = string | number | undefined;

export interface TextCensus {
  /** Each distinct string value, with each distinct field (key, or array index) it sits under. */
  readonly strings: ReadonlyMap<string, ReadonlySet<FieldKey>>;
  /** Each distinct key of a mapping. */
  readonly keys: ReadonlySet<string>;
  /** Each distinct number. */
  readonly numbers: ReadonlySet<number>;
}

/**
 * Walks the document once (array holes skipped, a shared or cyclic node read once: its text is
 * the same wherever it is reached from). An array item's field is its index, and every index is
 * recorded as 0: the rules tell a key from an index, never one index from another.
 */
export function takeTextCensus(root: unknown): TextCensus {
  const strings = new Map<string, Set<FieldKey>>();
  const keys = new Set<string>();
  const numbers = new Set<number>();
  const seen = new Set<object>();
  const add = (text: string, field: FieldKey) => {
    const fields = strings.get(text);
    if (fields) fields.add(typeof field === "number" ? 0 : field);
    else strings.set(text, new Set([typeof field === "number" ? 0 : field]));
  };
  const visit = (value: unknown, field: FieldKey): void => {
    if (typeof value === "string") add(value, field);
    else if (typeof value === "number") numbers.add(value);
    else if (value !== null && typeof value === "object") {
      if (seen.has(value)) return;
      seen.add(value);
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) if (index in value) visit(value[index], index);
      } else {
        for (const key of Object.keys(value)) {
          keys.add(key);
          visit((value as Record<string, unknown>)[key], key);
        }
      }
    }
  };
  visit(root, undefined);
  return { strings, keys, numbers };
}

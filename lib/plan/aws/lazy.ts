/* Helpers the AWS plan's parts share: values built on first read, and sorted lists of ids. */
import { byText } from "../compare";

/**
 * A value built on its first read, once. Validation reads only the plan's names; fields that carry
 * none (tags, trusts, permissions, readers, alarm recipients) are built when synth first reads them.
 */
export function once<T>(build: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = build();
      done = true;
    }
    return value;
  };
}

export function sorted(values: Iterable<string>): string[] {
  // Most lists here have one element or none: nothing to dedupe or sort; a set has no duplicates.
  if (Array.isArray(values) && values.length < 2) return values.slice();
  if (values instanceof Set) return [...values].sort(byText);
  return [...new Set(values)].sort(byText);
}

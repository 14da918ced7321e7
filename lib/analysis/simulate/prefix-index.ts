/*
 * Strings sorted once, so that everything starting with a prefix is one contiguous run found by
 * binary search: the index that tells, for a policy pattern's literal head, which known locations
 * it could possibly reach. Anything outside that run cannot match the pattern at all.
 */
import { byText } from "../../shared/text-order";

export class PrefixIndex<T> {
  private readonly keys: string[];
  private readonly values: T[];

  constructor(entries: Iterable<readonly [string, T]>) {
    const sorted = [...entries].sort((a, b) => byText(a[0], b[0]));
    this.keys = sorted.map((entry) => entry[0]);
    this.values = sorted.map((entry) => entry[1]);
  }

  get size(): number {
    return this.keys.length;
  }

  /** Every value whose key starts with `prefix` (all of them for ""), in key order. */
  withPrefix(prefix: string): T[] {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.keys[middle] < prefix) low = middle + 1;
      else high = middle;
    }
    const found: T[] = [];
    for (let i = low; i < this.keys.length && this.keys[i].startsWith(prefix); i++) found.push(this.values[i]);
    return found;
  }
}

/**
 * The part of a pattern before its first wildcard: every string the pattern matches starts with it.
 * `wildcards` are the characters that may match something other than themselves.
 */
export function literalHead(pattern: string, wildcards: string): string {
  for (let i = 0; i < pattern.length; i++) if (wildcards.includes(pattern[i])) return pattern.slice(0, i);
  return pattern;
}

/** Code-point order, independent of locale: the same on every machine. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted by a text key, each item's key computed once (not twice per comparison); stable. */
export function sortBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ item, key: key(item) }));
  keyed.sort((a, b) => byText(a.key, b.key));
  return keyed.map((entry) => entry.item);
}

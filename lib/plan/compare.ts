import { byText } from "../shared/text-order";

/** Code-unit order, independent of locale (lib/shared/text-order.ts): re-exported for the plan's modules. */
export { byText };

/**
 * Sorted by a text key, each item's key computed once (not twice per comparison); stable. A new
 * array; items already in order (most lists the plan sorts) are copied without sorting.
 */
export function sortBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const keys = items.map((item) => key(item));
  let ordered = true;
  for (let i = 1; i < keys.length && ordered; i++) ordered = keys[i - 1] <= keys[i];
  if (ordered) return items.slice();
  const keyed = items.map((item, i) => ({ item, key: keys[i] }));
  keyed.sort((a, b) => byText(a.key, b.key));
  return keyed.map((entry) => entry.item);
}

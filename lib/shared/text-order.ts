/**
 * Code-unit order of two strings (what `<` compares), independent of locale: the same on every
 * machine, so sorted output is byte-identical everywhere. The one comparator every layer sorts text
 * with; a leaf module (it imports nothing), so the lowest layer (lib/inventory) and the analysis, which
 * must not import lib/plan, can use it as well as the plan.
 */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

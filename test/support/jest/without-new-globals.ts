/**
 * Runs `work` and then removes every property it added to the global object, so that what it
 * loaded leaves no singleton there (test/support/jest/global-setup.js says why). A property it
 * cannot remove (not configurable) is an error: it would reach every test file run in band.
 * When the work itself fails, its error is the one passed on (it says what went wrong first).
 */
export async function withoutNewGlobals<T>(work: () => T | Promise<T>): Promise<T> {
  const before = new Set(Reflect.ownKeys(globalThis));
  let result: T;
  try {
    result = await work();
  } catch (error) {
    removeAdded(before);
    throw error;
  }
  const left = removeAdded(before);
  if (left.length > 0) throw new Error(`the unit suite's global setup left global properties it cannot remove: ${left.join(", ")}`);
  return result;
}

/** Deletes the global properties not in `before`; returns those it could not delete. */
function removeAdded(before: ReadonlySet<PropertyKey>): string[] {
  const left: string[] = [];
  for (const key of Reflect.ownKeys(globalThis)) {
    if (!before.has(key) && !Reflect.deleteProperty(globalThis, key)) left.push(String(key));
  }
  return left;
}

/**
 * How many cases a property test runs: every fast-check property of the unit suite takes its count
 * from here, so one switch gives the full counts everywhere.
 *
 * - By default (`npx jest`, `npm test`, CI) a property runs its light count: the one its test names,
 *   or else a tenth of the full count and at least 10 cases (all of them when the full count is
 *   smaller). With a fixed seed these are the first cases of the sequence the full count runs; a
 *   test whose generator must reach every path (its assertions after fc.assert say so) names a
 *   light count that still does.
 * - `FULL_PROPERTY_RUNS=1` runs the full count of every property.
 * - A suite's own variable (`ADVERSARIAL_VALIDATION_RUNS=...`, named by the suite) sets that suite's
 *   count exactly, whichever of the two above is in force.
 */
export function propertyRuns(full: number, options: { readonly light?: number; readonly variable?: string } = {}): number {
  const exact = options.variable === undefined ? undefined : process.env[options.variable];
  if (exact !== undefined && exact !== "") {
    const runs = Number(exact);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`${options.variable} must be a whole number of runs, at least 1`);
    return runs;
  }
  if (fullPropertyRuns()) return full;
  return Math.min(full, options.light ?? Math.max(LIGHT_MINIMUM, Math.ceil(full / LIGHT_DIVISOR)));
}

/** Whether FULL_PROPERTY_RUNS=1 asks for the full count of every property. */
export function fullPropertyRuns(): boolean {
  return process.env.FULL_PROPERTY_RUNS === "1";
}

const LIGHT_DIVISOR = 10;
const LIGHT_MINIMUM = 10;

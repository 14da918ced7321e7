import { auditFindings } from "./findings";
import type { AuditReport, Declared, Observations } from "./types";

/*
 * The audit as a pipeline: the declared side (declared.ts) and the readers' observations, merged,
 * judged at `now`. The CLI (lib/cli/commands/audit.ts) wires the readers; tests pass observations.
 */

/** Several readers' observations as one (order does not matter to the findings). */
export function mergeObservations(parts: readonly Observations[]): Observations {
  return {
    items: parts.flatMap((p) => p.items),
    accesses: parts.flatMap((p) => p.accesses),
    coverage: parts.flatMap((p) => p.coverage),
    unreadable: parts.flatMap((p) => p.unreadable),
  };
}

export function runAudit(declared: Declared, observations: readonly Observations[], now: Date): AuditReport {
  return auditFindings(declared, mergeObservations(observations), now);
}

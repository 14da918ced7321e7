import type { IntentLogRead } from "../../intent/types";
import type { SimulationResult } from "./types";

/** `--format json`: {decisions, violations}, stable key order; `allowedByException` too when an exception allowed a crossing. */
export function simulationJson(result: SimulationResult): string {
  const allowed = result.allowedByException.length > 0 ? { allowedByException: result.allowedByException } : {};
  return `${JSON.stringify({ decisions: result.decisions, violations: result.violations, ...allowed }, null, 2)}\n`;
}

/** A line per violation and per blocked grant, then the counts. */
export function simulationText(result: SimulationResult): string {
  const lines: string[] = [];
  for (const v of result.violations) {
    lines.push(`VIOLATION ${v.principal} (${v.environment}) ${v.action} ${v.resource}`);
    if (v.kind !== "access") lines.push(`  kind: ${v.kind}`);
    lines.push(`  why: ${v.reason}`);
    lines.push(`  via: ${v.via}`);
  }
  for (const a of result.allowedByException) {
    lines.push(`ALLOWED   ${a.principal} (${a.environment}) ${a.action} ${a.resource}`);
    lines.push(`  kind: ${a.kind}, allowed by exception ${a.exception} (approved by ${a.approvedBy}, expires ${a.expires})`);
    lines.push(`  via: ${a.via}`);
  }
  for (const b of result.decisions.blockedGrants) {
    lines.push(`blocked   ${b.principal} (${b.environment}) ${b.action} ${b.resource}`);
    lines.push(`  granted by: ${b.via}`);
    lines.push(`  blocked by: ${b.blockedBy}`);
  }
  for (const a of result.auditors ?? []) {
    lines.push(`auditor of ${a.environment}: ${a.metadataLocations} metadata location(s), ${a.valueLocations} value(s)  ${a.principal}`);
    for (const read of a.logReads ?? []) lines.push(`  ${logReadText(read)}`);
  }
  const d = result.decisions;
  lines.push(
    `${d.evaluated} decision(s) over ${d.principals} principal(s) and ${d.locations} location(s): ${d.allowed} allowed (${d.intended} intended, ${d.sharedKey} shared-key), ` +
      `${d.violations} violation(s), ${d.blocked} blocked by another layer, ${d.denied} denied` +
      (result.allowedByException.length > 0 ? `; ${result.allowedByException.length} crossing(s) allowed by exception` : ""),
  );
  return `${lines.join("\n")}\n`;
}

/** A declared value-free log read, for people (simulate and review print the same words). */
export function logReadText(read: IntentLogRead): string {
  return `value-free ${read.scope}-wide log read (the Vault cluster's audit log: every environment's paths, values HMAC'd): ${read.resource}${read.via ? ` via ${read.via}` : ""}`;
}

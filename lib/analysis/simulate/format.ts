import type { SimulationResult } from "./simulate";

/** `--format json`: exactly {decisions, violations}, stable key order. */
export function simulationJson(result: SimulationResult): string {
  return `${JSON.stringify({ decisions: result.decisions, violations: result.violations }, null, 2)}\n`;
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
  for (const b of result.decisions.blockedGrants) {
    lines.push(`blocked   ${b.principal} (${b.environment}) ${b.action} ${b.resource}`);
    lines.push(`  granted by: ${b.via}`);
    lines.push(`  blocked by: ${b.blockedBy}`);
  }
  const d = result.decisions;
  lines.push(
    `${d.evaluated} decision(s) over ${d.principals} principal(s) and ${d.locations} location(s): ${d.allowed} allowed (${d.intended} intended, ${d.sharedKey} shared-key), ` +
      `${d.violations} violation(s), ${d.blocked} blocked by another layer, ${d.denied} denied`,
  );
  return `${lines.join("\n")}\n`;
}

/*
 * The drill report: JSON `etl-secrets-drill/1` (stable key order, sorted lists) or text. Only
 * outcomes, reasons the drill wrote itself, HTTP statuses and timings: never a value.
 */
import type { DrillReport } from "./run";

export function formatDrillJson(report: DrillReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function formatDrillText(report: DrillReport): string {
  const lines = [
    `drill of ${report.connector} in ${report.environment} (as ${report.identity.vaultGroup}, policy ${report.identity.vaultPolicy}): ${report.outcome}`,
  ];
  for (const c of report.credentials) {
    lines.push(`  ${c.credential} (${c.kind}): ${c.result}${c.reason ? ` - ${c.reason}` : ""}`);
    const t = c.timings;
    if (t) {
      const parts = [
        t.rotatedMs !== undefined ? `rotated +${t.rotatedMs} ms` : undefined,
        t.revokedMs !== undefined ? `revoked +${t.revokedMs} ms` : undefined,
        t.oldRefusedMs !== undefined ? `old value refused +${t.oldRefusedMs} ms` : undefined,
        t.consumersOkMs !== undefined ? `consumers ok +${t.consumersOkMs} ms` : undefined,
        `total ${t.totalMs} ms`,
      ].filter((p): p is string => !!p);
      lines.push(`    ${parts.join(", ")}`);
    }
    for (const consumer of c.consumers ?? []) {
      const detail = consumer.result === "logged-in" ? ` +${consumer.ms} ms` : consumer.reason ? ` - ${consumer.reason}` : "";
      lines.push(`    consumer ${consumer.id} (${consumer.method}): ${consumer.result}${detail}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

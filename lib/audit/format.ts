import type { AuditReport, Finding, Unknown } from "./types";

/*
 * The two renderings of an audit report. JSON (`etl-secrets-audit/1`) has a fixed key order and the
 * report's own sort order, so the same inputs give the same bytes. Both show names, dates and
 * periods only: a report holds no value to show.
 */

function findingJson(finding: Finding): Record<string, unknown> {
  return {
    kind: finding.kind,
    store: finding.store,
    location: finding.location,
    ...(finding.connector !== undefined && { connector: finding.connector }),
    ...(finding.credential !== undefined && { credential: finding.credential }),
    evidence:
      finding.evidence.date === undefined
        ? { source: finding.evidence.source }
        : { source: finding.evidence.source, date: finding.evidence.date },
    detail: finding.detail,
  };
}

function unknownJson(entry: Unknown): Record<string, unknown> {
  return { location: entry.location, why: entry.why };
}

export function formatAuditJson(report: AuditReport): string {
  const body = {
    format: report.format,
    environment: report.environment,
    now: report.now,
    findings: report.findings.map(findingJson),
    unknown: report.unknown.map(unknownJson),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export function formatAuditText(report: AuditReport): string {
  const lines: string[] = [];
  const count = report.findings.length;
  lines.push(
    `audit of environment ${report.environment} on ${report.now}: ${count} finding${count === 1 ? "" : "s"}, ${report.unknown.length} unknown`,
  );
  for (const finding of report.findings) {
    const who = finding.connector !== undefined ? ` [${finding.connector}/${finding.credential ?? "*"}]` : "";
    lines.push(`  ${finding.kind.padEnd(20)} ${finding.store.padEnd(19)} ${finding.location}${who}`);
    lines.push(`  ${"".padEnd(20)} ${finding.detail} (source: ${finding.evidence.source})`);
  }
  if (report.unknown.length > 0) {
    lines.push("unknown (not findings: nothing could be decided):");
    for (const entry of report.unknown) lines.push(`  ${entry.location}: ${entry.why}`);
  }
  return `${lines.join("\n")}\n`;
}

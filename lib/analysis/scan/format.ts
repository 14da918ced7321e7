import type { ScanReport } from "./types";

/** `file:line:column  rule  kind  excerpt`, one finding a line; excerpts are masked already. */
export function formatFindingsText(report: ScanReport): string {
  const lines = report.findings.map((f) => `${f.file}:${f.line}:${f.column}  ${f.ruleId}  ${f.messageId}  ${f.excerpt}  ${f.fingerprint}`);
  return lines.join("\n");
}

/** Machine-readable report; excerpts are masked, fingerprints are sha256 of the matched values. */
export function formatFindingsJson(report: ScanReport & { readonly errors?: readonly string[] }): string {
  return JSON.stringify(
    {
      scannedFiles: report.scannedFiles,
      findings: report.findings,
      allowed: report.allowed,
      skipped: report.skipped,
      errors: report.errors ?? [],
      unusedAllowlistEntries: report.unusedAllowlistEntries,
    },
    null,
    2,
  );
}

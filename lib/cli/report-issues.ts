import { formatIssue, formatPath, type SpecIssue } from "../spec/issues";
import type { CliIo } from "./io";

export function printIssues(io: CliIo, issues: readonly SpecIssue[], source: string): void {
  for (const issue of issues) io.err(formatIssue(issue, source));
}

/** `{path, message, line}` per issue; a warning says so in its message. */
export function issuesAsJson(issues: readonly SpecIssue[]): { path: string; message: string; line: number | null }[] {
  return issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.severity === "warning" ? `warning: ${issue.message}` : issue.message,
    line: issue.line ?? null,
  }));
}

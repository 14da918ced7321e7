import type { SpecIssue } from "../inventory/issues";
import type { CliIo } from "./io";

/*
 * The issue formatting (and the schema vocabulary behind it) is required on first use, so that every
 * command, and `--help`, can import this module without loading zod.
 */
const issuesModule = (): typeof import("../inventory/issues") => require("../inventory/issues") as typeof import("../inventory/issues");

export function printIssues(io: CliIo, issues: readonly SpecIssue[], source: string): void {
  if (issues.length === 0) return;
  const { formatIssue } = issuesModule();
  for (const issue of issues) io.err(formatIssue(issue, source));
}

/** `{path, message, line}` per issue; a warning says so in its message. */
export function issuesAsJson(issues: readonly SpecIssue[]): { path: string; message: string; line: number | null }[] {
  const { formatPath } = issuesModule();
  return issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.severity === "warning" ? `warning: ${issue.message}` : issue.message,
    line: issue.line ?? null,
  }));
}

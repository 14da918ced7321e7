import type { SpecIssue, SpecPath } from "./issues";

/** A parsed inventory text that can answer "on which line is this path?". */
export interface SourceDocument {
  readonly value: unknown;
  readonly parseIssues: readonly SpecIssue[];
  lineOf(path: SpecPath, at?: "key" | "value"): { line: number; column: number } | undefined;
}

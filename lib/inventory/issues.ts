/**
 * Validation findings are data (path, message, line); how they are printed is decided by the
 * caller (CLI text, JSON, an exception). Messages never contain a secret value.
 */
import { isDisplayableKey, redacted } from "./display";
import { byText } from "../shared/text-order";

export type SpecPath = readonly (string | number)[];

export type IssueSeverity = "error" | "warning";

/** One finding about an inventory: where (spec path), what was wrong and what is allowed. */
export interface InventoryIssue {
  /** Where in the spec: `["connectors", 0, "consumers", 0, "auth", "method"]`. */
  readonly path: SpecPath;
  /** What is wrong and what is allowed, in words. */
  readonly message: string;
  readonly severity: IssueSeverity;
  /** Stable code for machines and tests (`unknown-owner`, `unrecognized-key`...). */
  readonly code: string;
  /** 1-based line in the YAML source, when the inventory came from a file. */
  readonly line?: number;
  readonly column?: number;
}

/** @deprecated Use {@link InventoryIssue} (the same type under its public name). */
export type SpecIssue = InventoryIssue;

/** An IAM action as a key of `allow` (`s3:GetObject`): letters only after the service, never generated. */
const IAM_ACTION_KEY = /^[a-z0-9-]{1,32}:[A-Za-z*]{1,64}$/;

/**
 * `connectors[0].consumers[0].auth.method`: the spelling every message and report uses. A segment
 * that is neither an id nor a field name of the schema (a key could be a password) shows as
 * `[<redacted, N chars>]`.
 */
export function formatPath(path: SpecPath): string {
  let text = "";
  path.forEach((segment, index) => {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (isDisplayableKey(segment)) text += text === "" ? segment : `.${segment}`;
    else if (path[index - 1] === "allow" && IAM_ACTION_KEY.test(segment)) text += `[${JSON.stringify(segment)}]`;
    else text += `[${redacted(segment)}]`;
  });
  return text === "" ? "(document)" : text;
}

export function formatIssue(issue: SpecIssue, source?: string): string {
  const where = issue.line !== undefined ? `${source ?? "inventory"}:${issue.line}: ` : source ? `${source}: ` : "";
  const label = issue.severity === "warning" ? "warning: " : "";
  const at = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : "";
  return `${where}${label}${at}${issue.message}`;
}

/**
 * Sorted by line, then path (segment by segment, list indexes as numbers, so connectors[2] comes
 * before connectors[10]), then message: a run always prints the same list in the same order.
 */
export function sortIssues(issues: readonly SpecIssue[]): SpecIssue[] {
  return [...issues].sort(
    (a, b) =>
      (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
      comparePaths(a.path, b.path) ||
      byText(a.message, b.message),
  );
}

function comparePaths(a: SpecPath, b: SpecPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]];
    const order = typeof x === "number" && typeof y === "number" ? x - y : byText(String(x), String(y));
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** Thrown by `defineInventory` and `loadInventory` when the spec is invalid; carries every issue. */
export class InventoryError extends Error {
  constructor(
    readonly issues: readonly SpecIssue[],
    readonly source?: string,
  ) {
    super(
      `the inventory${source ? ` ${source}` : ""} is invalid (${issues.filter((i) => i.severity === "error").length} error(s)):\n` +
        issues.map((issue) => `  ${formatIssue(issue, source)}`).join("\n"),
    );
    this.name = "InventoryError";
  }
}

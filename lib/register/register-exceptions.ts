import type { Inventory } from "../inventory/model";
import { daysUntil, exceptionStatus, type BoundaryException, type ExceptionStatus } from "../inventory/schema/exception";
import { byText } from "../plan/compare";

/** One boundary exception in the register: as declared, with its status as of `today`. */
export interface ExceptionRegisterRow extends BoundaryException {
  readonly status: ExceptionStatus;
  /** Days until it expires as of `today` (negative once expired). */
  readonly daysLeft: number;
}

/** The inventory's exceptions, sorted by id, judged as of `today` (YYYY-MM-DD, passed in). */
export function exceptionRegister(inventory: Inventory, today: string): ExceptionRegisterRow[] {
  return [...inventory.exceptions]
    .sort((a, b) => byText(a.id, b.id))
    .map((e) => ({
      ...e,
      status: exceptionStatus(e.expires, today),
      daysLeft: daysUntil(e.expires, today),
    }));
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** The register's Markdown section; empty when the inventory declares no exception. */
export function exceptionsToMarkdown(rows: readonly ExceptionRegisterRow[]): string {
  if (rows.length === 0) return "";
  const out = [
    "## Boundary exceptions",
    "",
    "| exception | boundary | who | what | requested by | approved by | expires | status |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const row of rows) {
    const who = `\`${row.connector}${row.credential ? `/${row.credential}` : ""}\`${row.consumer ? ` consumer \`${row.consumer}\`` : ""} in ${row.environment}`;
    const status =
      row.status === "expired"
        ? `**expired** (${-row.daysLeft} day(s) ago)`
        : row.status === "expiring"
          ? `**expiring** (${row.daysLeft} day(s))`
          : "active";
    out.push(
      `| \`${row.id}\` | ${row.boundary} | ${who} | \`${cell(row.target)}\` | ${row.requestedBy} | ${row.approvedBy} | ${row.expires} | ${status} |`,
    );
  }
  out.push("");
  for (const row of rows) out.push(`- \`${row.id}\`: ${cell(row.reason)}`);
  return `${out.join("\n")}\n`;
}

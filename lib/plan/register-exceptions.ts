import type { Inventory } from "../spec/model";
import { daysUntil, exceptionStatus, type ExceptionStatus } from "../spec/schema/exception";

/** One boundary exception in the register: who, what, across which boundary, approver, expiry and its status as of `today`. */
export interface ExceptionRegisterRow {
  readonly id: string;
  readonly boundary: string;
  readonly connector: string;
  readonly credential?: string;
  readonly consumer?: string;
  readonly environment: string;
  readonly target: string;
  readonly reason: string;
  readonly requestedBy: string;
  readonly approvedBy: string;
  readonly expires: string;
  readonly status: ExceptionStatus;
  /** Days until it expires as of `today` (negative once expired). */
  readonly daysLeft: number;
}

/** The inventory's exceptions, sorted by id, judged as of `today` (YYYY-MM-DD, passed in). */
export function exceptionRegister(inventory: Inventory, today: string): ExceptionRegisterRow[] {
  return [...inventory.exceptions]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((e) => ({
      id: e.id,
      boundary: e.boundary,
      connector: e.connector,
      ...(e.credential !== undefined ? { credential: e.credential } : {}),
      ...(e.consumer !== undefined ? { consumer: e.consumer } : {}),
      environment: e.environment,
      target: e.target,
      reason: e.reason,
      requestedBy: e.requestedBy,
      approvedBy: e.approvedBy,
      expires: e.expires,
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
  const out = ["## Boundary exceptions", "", "| exception | boundary | who | what | requested by | approved by | expires | status |", "|---|---|---|---|---|---|---|---|"];
  for (const row of rows) {
    const who = `\`${row.connector}${row.credential ? `/${row.credential}` : ""}\`${row.consumer ? ` consumer \`${row.consumer}\`` : ""} in ${row.environment}`;
    const status = row.status === "expired" ? `**expired** (${-row.daysLeft} day(s) ago)` : row.status === "expiring" ? `**expiring** (${row.daysLeft} day(s))` : "active";
    out.push(`| \`${row.id}\` | ${row.boundary} | ${who} | \`${cell(row.target)}\` | ${row.requestedBy} | ${row.approvedBy} | ${row.expires} | ${status} |`);
  }
  out.push("");
  for (const row of rows) out.push(`- \`${row.id}\`: ${cell(row.reason)}`);
  return `${out.join("\n")}\n`;
}

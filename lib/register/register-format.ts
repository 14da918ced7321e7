import type { RegisterRow } from "./register";

const COLUMNS: [string, (row: RegisterRow) => string][] = [
  ["connector", (r) => r.connector],
  ["credential", (r) => r.credential],
  ["type", (r) => r.type],
  ["owner", (r) => r.owner],
  ["owner_email", (r) => r.ownerEmail],
  ["oncall", (r) => r.oncall],
  ["purpose", (r) => r.purpose],
  ["class", (r) => r.class],
  ["regulations", (r) => r.regulations.join(" ")],
  ["store", (r) => r.store],
  ["environments", (r) => r.environments.join(" ")],
  ["rotation", (r) => r.rotation],
  ["rotation_exemption", (r) => r.rotationExemption ?? ""],
  ["consumers", (r) => r.consumers.join(" ")],
  ["review_by", (r) => r.reviewBy],
  ["state", (r) => r.state],
  ["flags", (r) => r.flags.join(" ")],
];

function csvCell(text: string): string {
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** With `--observed` a `last_change` column follows `rotation_exemption`; without, the columns are the same as before. */
function columnsFor(rows: readonly RegisterRow[]): [string, (row: RegisterRow) => string][] {
  if (!rows.some((row) => row.lastChange !== undefined)) return COLUMNS;
  const at = COLUMNS.findIndex(([name]) => name === "rotation_exemption") + 1;
  return [...COLUMNS.slice(0, at), ["last_change", (r) => (r.lastChange ?? []).join(" ")], ...COLUMNS.slice(at)];
}

export function registerToCsv(rows: readonly RegisterRow[]): string {
  const columns = columnsFor(rows);
  const lines = [columns.map(([name]) => name).join(",")];
  for (const row of rows) lines.push(columns.map(([, cell]) => csvCell(cell(row))).join(","));
  return lines.join("\n") + "\n";
}

function mdCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

const ATTENTION = new Set(["overdue-review", "overdue-rotation", "quarantined", "retired"]);

function attention(flag: string, row: RegisterRow): string {
  if (flag === "overdue-review") return `**review overdue** (was due ${row.reviewBy})`;
  if (flag === "overdue-rotation")
    return `**rotation overdue**${row.lastChange && row.lastChange.length > 0 ? ` (last change ${row.lastChange.join(", ")})` : ""}`;
  return `**${flag}**`;
}

export function registerToMarkdown(rows: readonly RegisterRow[], organization: string, today: string): string {
  const observed = rows.some((row) => row.lastChange !== undefined);
  const flagged = rows.filter((row) => row.flags.some((f) => ATTENTION.has(f)));
  const out: string[] = [`# Credential register: ${organization}`, "", `As of ${today}: ${rows.length} credential(s).`, ""];
  if (flagged.length > 0) {
    out.push("## Needs attention", "");
    for (const row of flagged) {
      const why = row.flags.filter((f) => ATTENTION.has(f)).map((f) => attention(f, row));
      out.push(`- \`${row.connector}/${row.credential}\` (${row.owner}): ${why.join(", ")}`);
    }
    out.push("");
  }
  out.push("## Credentials", "");
  out.push(
    `| credential | type | owner | class | regulations | store | environments | rotation |${observed ? " last change |" : ""} review by | state | flags |`,
  );
  out.push(`|---|---|---|---|---|---|---|---|${observed ? "---|" : ""}---|---|---|`);
  for (const row of rows) {
    const lastChange = observed ? ` ${(row.lastChange ?? []).join(", ") || "-"} |` : "";
    out.push(
      `| \`${row.connector}/${row.credential}\` | ${row.type} | ${mdCell(row.owner)} | ${row.class} | ${row.regulations.join(", ") || "-"} | ${row.store} | ${row.environments.join(", ")} | ${mdCell(row.rotation)} |${lastChange} ${row.reviewBy} | ${row.state} | ${row.flags.join(", ") || "-"} |`,
    );
  }
  out.push("", "## Details", "");
  for (const row of rows) {
    out.push(`### ${row.connector}/${row.credential}`, "");
    out.push(`- Purpose: ${row.purpose}`);
    out.push(`- Owner: ${row.ownerName} <${row.ownerEmail}>${row.oncall ? `, on-call ${row.oncall}` : ""}`);
    out.push(`- System: ${row.system}; consumers: ${row.consumers.join(", ") || "none (administrative credential)"}`);
    if (row.rotationExemption) out.push(`- Rotation exemption: ${row.rotationExemption}`);
    for (const note of row.notes) out.push(`- ${mdCell(note)}`);
    out.push("");
  }
  return out.join("\n");
}

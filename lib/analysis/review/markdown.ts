/*
 * The review as a pull request comment. Sections in a fixed order, rows sorted, no timestamps: the
 * comment for the same two synth outputs is the same bytes, so an updated comment diffs cleanly.
 */
import type { ExceptionReport } from "./exception-changes";
import { touchesProduction, type LogicalChange } from "./logical-changes";
import { accessGraph } from "./mermaid";
import type { AccessChange, InventoryChange, LogReadChange, ReviewReport, SettingChange } from "./review";
import { logReadText } from "../simulate/format";
import { byText } from "../../shared/text-order";

/** Marks the comment so a workflow can find and update its own previous one. */
export const REVIEW_MARKER = "<!-- etl-secrets-review -->";

function cell(text: string | undefined): string {
  return text === undefined ? "—" : text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** Code inside a table cell: a pipe or a line break in the text cannot end the cell or the row. */
function codeCell(text: string): string {
  return code(text.replace(/\|/g, "\\|").replace(/\r?\n/g, " "));
}

function accessTable(rows: readonly AccessChange[], gained: boolean): string[] {
  const lines = [
    "| environment | principal | resource | actions |" + (gained ? " note |" : ""),
    "|---|---|---|---|" + (gained ? "---|" : ""),
  ];
  for (const row of rows) {
    const note = row.violation ? `**violation: ${cell(row.violation)}**` : "";
    lines.push(
      `| ${cell(row.environment)} | ${codeCell(row.principal)} | ${codeCell(row.resource)} | ${row.actions.join(", ")} |${gained ? ` ${note} |` : ""}`,
    );
  }
  return lines;
}

function settingsTable(rows: readonly SettingChange[]): string[] {
  const lines = ["| kind | stack | resource | setting | before | after |", "|---|---|---|---|---|---|"];
  // Production first (stable: the report's order otherwise).
  const ordered = [...rows.filter((r) => r.production), ...rows.filter((r) => !r.production)];
  for (const row of ordered) {
    lines.push(
      `| ${row.category} | ${row.production ? `**${cell(row.stack)}**` : cell(row.stack)} | ${code(row.constructPath)} | ${cell(row.setting)} | ${row.before === undefined ? "—" : code(row.before)} | ${row.after === undefined ? "—" : code(row.after)} |`,
    );
  }
  return lines;
}

export function reviewMarkdown(report: ReviewReport): string {
  const lines: string[] = [REVIEW_MARKER, "## etl-secrets review", ""];
  const counts = [
    `${report.changes.length} access change(s) (${report.gained.length} path(s) gained, ${report.lost.length} lost)`,
    `${report.settings.length} setting change(s)`,
    `${report.added.length} added / ${report.removed.length} removed credential(s) and principal(s)`,
    `${report.destroyed.length} resource(s) destroyed`,
    ...(report.forgotten.length > 0 ? [`${report.forgotten.length} forgotten`] : []),
  ];
  lines.push(counts.join(" · "), "");
  if (report.headViolations > 0) {
    lines.push(
      `**simulate: ${report.headViolations} violation(s) in the head synth output** (base: ${report.baseViolations}); run \`etl-secrets simulate\` for details.`,
      "",
    );
  }

  if (report.blockingDestroys > 0) {
    lines.push(
      `**${report.blockingDestroys} production resource(s) holding data would be destroyed without a retirement: this review fails.** Retire them in the inventory (\`retirements:\`; Terraform then forgets them and the data stays), or keep them.`,
      "",
    );
  }
  if (report.exceptions.expired > 0) {
    lines.push(
      `**${report.exceptions.expired} boundary exception(s) in the head have expired: this review fails.** Renew them with a new approval (\`expires\`), or remove the crossing and the exception.`,
      "",
    );
  }
  lines.push("### Destroyed resources", "");
  if (report.destroyed.length === 0) lines.push("None.");
  // Blocking first, then production, each keeping the report's order.
  const destroyed = [...report.destroyed].sort(
    (a, b) => Number(b.blocking) - Number(a.blocking) || Number(b.production) - Number(a.production),
  );
  for (const d of destroyed) {
    const verdict = d.blocking ? " — **production data, no retirement**" : d.production ? " — **production**" : "";
    const retired = !d.blocking && d.retiredBy ? ` — destroyed by ${d.retiredBy}` : "";
    const loss = d.dataLoss ? ` — data loss: ${d.recoveryWindow}` : d.recoveryWindow ? ` — ${d.recoveryWindow}` : "";
    const replaced = d.replacedBecause ? ` (replaced: ${d.replacedBecause})` : "";
    lines.push(`- **${d.stack}: ${d.address}** ${code(d.constructPath)}${replaced}${verdict}${retired}${loss}`);
  }
  lines.push("");
  if (report.forgotten.length > 0) {
    lines.push(
      "### Forgotten by retirements",
      "",
      "Terraform forgets these (`removed` blocks, `destroy = false`); the objects and their data stay.",
      "",
    );
    for (const f of report.forgotten) lines.push(`- ${f.stack}: ${f.address} ${code(f.constructPath)}`);
    lines.push("");
  }

  lines.push("### Access changes", "");
  const changes = report.changes;
  if (changes.length === 0) lines.push("None.", "");
  else lines.push(...changesTable(changes), "", ...withBlank(accessGraph(changes)));
  if (report.gained.length > 0 || report.lost.length > 0) {
    lines.push(
      `<details><summary>Principals and paths behind these changes (${report.gained.length} gained, ${report.lost.length} lost)</summary>`,
      "",
    );
    lines.push("#### Access gained", "");
    lines.push(...(report.gained.length === 0 ? ["None."] : accessTable(report.gained, true)), "");
    lines.push("#### Access lost", "");
    lines.push(...(report.lost.length === 0 ? ["None."] : accessTable(report.lost, false)), "");
    lines.push("</details>", "");
  }
  lines.push(...addedSection(report));
  lines.push(...exceptionSection(report.exceptions));

  lines.push("### Credentials and principals", "");
  lines.push(...inventorySection(report), "");

  lines.push("### TTL, rotation, approval and MFA changes", "");
  lines.push(...(report.settings.length === 0 ? ["None."] : settingsTable(report.settings)), "");
  return `${lines.join("\n").replace(/\n+$/, "")}\n`;
}

/** Shown only when base or head declares an exception; every change and every expiring or expired one in bold. */
function exceptionSection(report: ExceptionReport): string[] {
  if (report.changes.length === 0) return [];
  const lines = ["### Boundary exceptions", ""];
  for (const change of report.changes) {
    const e = change.exception;
    const who = [e.credential ? `credential ${code(e.credential)}` : "", e.consumer ? `consumer ${code(e.consumer)}` : ""]
      .filter(Boolean)
      .join(", ");
    const what = `${code(e.id)}: ${e.boundary} of ${code(e.connector)}${who ? ` (${who})` : ""} in ${e.environment} to ${code(e.target)}, requested by ${e.requestedBy}, approved by ${e.approvedBy}, expires ${e.expires}`;
    const state =
      change.status === "expired"
        ? ` — **expired ${-(change.daysLeft ?? 0)} day(s) ago**`
        : change.status === "expiring"
          ? ` — **expires in ${change.daysLeft} day(s)**`
          : "";
    const label = change.kind === "kept" ? "" : `**${change.kind}** `;
    const bold = change.kind !== "kept" || state !== "";
    lines.push(`- ${label}${bold ? `**${what}**` : what}${state}`);
    if (change.kind !== "removed") lines.push(`  - reason: ${cell(e.reason)}`);
  }
  lines.push("");
  return lines;
}

function withBlank(lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : [...lines, ""];
}

function who(change: LogicalChange): string {
  return change.principalClass === "unknown" ? codeCell(change.who) : `${change.principalClass} ${codeCell(change.who)}`;
}

/** One row per logical change: who, what, access, where (production first, in bold), the connector's owner, class and regulations. */
function changesTable(changes: readonly LogicalChange[]): string[] {
  const lines = [
    "| change | who | credential | access | environments | owner | class | regulations | note |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const c of changes) {
    const where = c.environments.map((e) => (e.production ? `**${cell(e.name)}**` : cell(e.name))).join(", ");
    const what = codeCell(c.credential ?? c.resource ?? "?");
    const regulations = c.regulations === undefined ? "—" : c.regulations.length === 0 ? "none" : c.regulations.join(", ");
    const note = c.violations.length > 0 ? `**beyond intent: ${cell(c.violations.join("; "))}**` : "";
    const verb = c.direction === "gained" ? (touchesProduction(c) ? "**gains**" : "gains") : touchesProduction(c) ? "**loses**" : "loses";
    lines.push(
      `| ${verb} | ${who(c)} | ${what} | ${cell(c.access)} | ${where} | ${c.owner === undefined ? "—" : codeCell(c.owner)} | ${cell(c.sensitivity)} | ${regulations} |${note ? ` ${note} ` : " "}|`,
    );
  }
  return lines;
}

/** What the change adds (in bold) or drops: boundary exceptions and check suppressions. */
function addedSection(report: ReviewReport): string[] {
  const exceptions = report.exceptions.changes.filter((c) => c.kind !== "kept");
  const suppressions = report.suppressions;
  const lines = ["### Exceptions and suppressions this change adds", ""];
  const logReads = report.logReads ?? { added: [], removed: [] };
  if (
    exceptions.length === 0 &&
    suppressions.added.length === 0 &&
    suppressions.removed.length === 0 &&
    logReads.added.length === 0 &&
    logReads.removed.length === 0
  )
    return [...lines, "None.", ""];
  for (const c of exceptions) {
    const e = c.exception;
    const text = `exception ${code(e.id)}: ${e.boundary} of ${code(e.connector)} in ${e.environment} to ${code(e.target)}, expires ${e.expires}`;
    lines.push(c.kind === "removed" ? `- removed ${text}` : `- **${c.kind} ${text}**`);
  }
  const suppression = (s: { rule: string; target?: string }) =>
    `check suppression ${code(s.rule)} ${s.target === undefined ? "everywhere" : `on ${code(s.target)}`}`;
  for (const s of suppressions.added)
    lines.push(`- **added ${suppression(s)}** (its reason is in the inventory's \`checks.suppressions\`)`);
  for (const s of suppressions.removed) lines.push(`- removed ${suppression(s)}`);
  const logRead = (r: LogReadChange) => `${code(r.principal)} of ${r.environment}: ${logReadText(r.read)}`;
  for (const r of logReads.added) lines.push(`- **added ${logRead(r)}**`);
  for (const r of logReads.removed) lines.push(`- removed ${logRead(r)}`);
  lines.push("");
  return lines;
}

/**
 * Added and removed credentials and principals, one line per credential or per principal's class
 * and name with the environments it applies to (production first, in bold); the principals' ids
 * per environment follow, folded away.
 */
function inventorySection(report: ReviewReport): string[] {
  if (report.added.length === 0 && report.removed.length === 0) return ["No change."];
  const production = new Set(report.productionEnvironments);
  const env = (name: string) => (production.has(name) ? `**${cell(name)}**` : cell(name));
  const groups = new Map<string, { direction: "added" | "removed"; item: InventoryChange; environments: Set<string> }>();
  for (const [direction, items] of [
    ["added", report.added],
    ["removed", report.removed],
  ] as const) {
    for (const item of items) {
      const key = JSON.stringify([direction, item.kind, item.kind === "credential" ? item.id : "", item.detail ?? item.id]);
      const group = groups.get(key) ?? { direction, item, environments: new Set<string>() };
      group.environments.add(item.environment);
      groups.set(key, group);
    }
  }
  const rank = (name: string) => (production.has(name) ? 0 : 1);
  const rows = [...groups.values()].map((g) => {
    const environments = [...g.environments].sort((a, b) => rank(a) - rank(b) || byText(a, b));
    const where = environments.map(env).join(", ");
    const what =
      g.item.kind === "credential"
        ? `credential ${code(g.item.id)}${g.item.detail ? ` (${cell(g.item.detail)})` : ""}`
        : principalWords(g.item);
    const line = `- ${g.direction} ${what} ${g.direction === "added" ? "in" : "from"} ${where}`;
    return { line, production: environments.some((e) => production.has(e)) };
  });
  rows.sort((a, b) => Number(b.production) - Number(a.production) || byText(a.line, b.line));
  const lines = rows.map((r) => r.line);
  const principals = [
    ...report.added.map((i) => ["added in", i] as const),
    ...report.removed.map((i) => ["removed from", i] as const),
  ].filter(([, i]) => i.kind === "principal");
  if (principals.length > 0) {
    const ordered = [
      ...principals.filter(([, i]) => production.has(i.environment)),
      ...principals.filter(([, i]) => !production.has(i.environment)),
    ];
    lines.push("", `<details><summary>Principal ids (${principals.length})</summary>`, "");
    for (const [verb, item] of ordered)
      lines.push(`- ${verb} ${env(item.environment)}: ${item.kind} ${code(item.id)}${item.detail ? ` (${cell(item.detail)})` : ""}`);
    lines.push("", "</details>");
  }
  return lines;
}

/** `principal: consumer `finance-recon``, from the detail `consumer finance-recon`. */
function principalWords(item: InventoryChange): string {
  const detail = item.detail ?? "";
  const space = detail.indexOf(" ");
  return space > 0 ? `principal: ${cell(detail.slice(0, space))} ${code(detail.slice(space + 1))}` : `principal ${code(item.id)}`;
}

import { AUDIT_FORMAT, FINDING_KINDS } from "../audit/types";
import type { Inventory } from "../inventory/model";
import type { RegisterRow } from "./register";
import { byText } from "../plan/compare";

/*
 * `etl-secrets register --observed <audit.json>`: what `etl-secrets audit --format json` saw in the
 * live stores, merged into the register. A pure merge: no network, no clock. Only two things are
 * taken from a report: which credentials have a `rotation-overdue` finding (flag `overdue-rotation`)
 * and the last change the store recorded for them (the finding's evidence date). A report reads
 * names, dates and periods only, so nothing merged here can be a value.
 */

/** The part of an `etl-secrets-audit/1` report the register uses. */
export interface ObservedReport {
  readonly environment: string;
  /** `YYYY-MM-DD`: when the audit ran. */
  readonly now: string;
  readonly rotationOverdue: readonly {
    readonly connector: string;
    readonly credential: string;
    readonly lastChange?: string;
    readonly detail: string;
  }[];
}

/** A report that cannot be merged into this inventory's register: the CLI exits 2 with `message`. */
export class ObservedReportError extends Error {}

const DATE = /^\d{4}-\d{2}-\d{2}/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads one report (the text of an `etl-secrets audit --format json` file) for `inventory`. Refuses
 * another schema, an environment the inventory does not declare, another organization (when the
 * report names one) and a finding naming a connector or credential the inventory does not declare
 * (the report was made from another inventory).
 */
export function readObservedReport(text: string, source: string, inventory: Inventory): ObservedReport {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ObservedReportError(`${source}: not JSON; expected the output of "etl-secrets audit --format json" (${AUDIT_FORMAT})`);
  }
  if (!isRecord(body) || body.format !== AUDIT_FORMAT) {
    const got = isRecord(body) && typeof body.format === "string" ? `"${body.format.slice(0, 40)}"` : "no format";
    throw new ObservedReportError(`${source}: format must be "${AUDIT_FORMAT}", got ${got}`);
  }
  if ("organization" in body && body.organization !== inventory.organization) {
    throw new ObservedReportError(
      `${source}: a report of organization ${JSON.stringify(String(body.organization).slice(0, 60))}, the inventory is organization "${inventory.organization}"`,
    );
  }
  const environments = inventory.environments.map((environment) => environment.name);
  if (typeof body.environment !== "string" || !environments.includes(body.environment)) {
    const got = typeof body.environment === "string" ? `"${body.environment.slice(0, 60)}"` : "none";
    throw new ObservedReportError(
      `${source}: a report of environment ${got}; the inventory declares ${environments.map((e) => `"${e}"`).join(", ")}`,
    );
  }
  if (typeof body.now !== "string" || !DATE.test(body.now)) throw new ObservedReportError(`${source}: "now" must be a date YYYY-MM-DD`);
  if (!Array.isArray(body.findings)) throw new ObservedReportError(`${source}: "findings" must be a list`);
  const declared = new Map(inventory.connectors.map((connector) => [connector.id, new Set(Object.keys(connector.credentials))]));
  const rotationOverdue: ObservedReport["rotationOverdue"][number][] = [];
  body.findings.forEach((finding, index) => {
    const at = `${source}: findings[${index}]`;
    if (!isRecord(finding) || !(FINDING_KINDS as readonly unknown[]).includes(finding.kind)) {
      throw new ObservedReportError(`${at}: kind must be one of ${FINDING_KINDS.join(", ")}`);
    }
    if (finding.connector !== undefined) {
      const credentials = typeof finding.connector === "string" ? declared.get(finding.connector) : undefined;
      if (!credentials)
        throw new ObservedReportError(`${at}: names a connector the inventory does not declare (a report of another inventory?)`);
      if (finding.credential !== undefined && (typeof finding.credential !== "string" || !credentials.has(finding.credential))) {
        throw new ObservedReportError(`${at}: names a credential the inventory does not declare (a report of another inventory?)`);
      }
    }
    if (finding.kind !== "rotation-overdue") return;
    if (typeof finding.connector !== "string" || typeof finding.credential !== "string") {
      throw new ObservedReportError(`${at}: a rotation-overdue finding must name its connector and credential`);
    }
    const evidence = isRecord(finding.evidence) ? finding.evidence : {};
    const date = typeof evidence.date === "string" && DATE.test(evidence.date) ? evidence.date.slice(0, 10) : undefined;
    const detail = typeof finding.detail === "string" ? finding.detail.replace(/[\r\n]+/g, " ").slice(0, 200) : "rotation overdue";
    rotationOverdue.push({
      connector: finding.connector,
      credential: finding.credential,
      ...(date !== undefined && { lastChange: date }),
      detail,
    });
  });
  return { environment: body.environment, now: body.now.slice(0, 10), rotationOverdue };
}

/** Refuses two reports of one environment (which one would count?). */
export function checkObservedSet(reports: readonly ObservedReport[]): void {
  const seen = new Set<string>();
  for (const report of reports) {
    if (seen.has(report.environment))
      throw new ObservedReportError(`two reports of environment "${report.environment}": give one report per environment`);
    seen.add(report.environment);
  }
}

/**
 * The register with what the reports observed: `overdue-rotation` beside `overdue-review` on every
 * credential a report finds overdue in an environment where the connector is deployed, and on every
 * row `lastChange` (`<env> <YYYY-MM-DD>` per environment whose report gives the date; empty when no
 * report does). Rows keep their order; the input is not changed.
 */
export function mergeObserved(rows: readonly RegisterRow[], reports: readonly ObservedReport[]): RegisterRow[] {
  checkObservedSet(reports);
  const ordered = [...reports].sort((a, b) => byText(a.environment, b.environment));
  return rows.map((row) => {
    const lastChange: string[] = [];
    const notes = [...row.notes];
    let overdue = false;
    for (const report of ordered) {
      if (!row.environments.includes(report.environment)) continue;
      for (const finding of report.rotationOverdue) {
        if (finding.connector !== row.connector || finding.credential !== row.credential) continue;
        overdue = true;
        if (finding.lastChange !== undefined) lastChange.push(`${report.environment} ${finding.lastChange}`);
        notes.push(`rotation overdue in ${report.environment} (audit of ${report.now}): ${finding.detail}`);
      }
    }
    const flags = [...row.flags];
    if (overdue && !flags.includes("overdue-rotation")) {
      const review = flags.indexOf("overdue-review");
      flags.splice(review + 1, 0, "overdue-rotation");
    }
    return { ...row, flags, notes, lastChange };
  });
}

import type { AccessRecord } from "../types";

/*
 * Reads of values in a Vault audit log (the shipped log group holds every environment of a
 * cluster: the lead accepted it as a value-free cross-environment read, filtered here by
 * namespace). A line counts when it is a response (the request went through), has no outer
 * `error` (permission denied and invalid credentials carry one), is a read (`read` of KV data,
 * creds, static-creds; `update` of issue/sign), lies in the environment's namespace, and names one
 * of the environment's value paths exactly. Audit lines carry paths in clear and values HMAC'd;
 * nothing of a value is read here, only the path and the time. Every event FilterLogEvents
 * returns goes through this check (moto ignores JSON filter patterns; AWS's are a pre-filter).
 */

export interface AuditLogScope {
  /** The environment's namespace (`etl/prod`), "" for the root namespace (mount isolation). */
  readonly namespace: string;
  /** Namespace-relative value paths of the environment's credentials. */
  readonly valuePaths: ReadonlySet<string>;
}

const ISSUING = /(^|\/)(issue|sign)\//;

function namespaceOf(entry: any): string {
  const path = entry?.request?.namespace?.path;
  return typeof path === "string" ? path.replace(/^\/+|\/+$/g, "") : "";
}

/** The access a single audit line records, if it is a successful value read in scope. */
export function accessOfAuditLine(line: string, scope: AuditLogScope): AccessRecord | undefined {
  let entry: any;
  try {
    entry = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (entry?.type !== "response" || entry.error !== undefined) return undefined;
  const request = entry.request ?? {};
  const path = typeof request.path === "string" ? request.path : "";
  if (!scope.valuePaths.has(path)) return undefined;
  if (namespaceOf(entry) !== scope.namespace.replace(/^\/+|\/+$/g, "")) return undefined;
  const operation = request.operation;
  if (!(operation === "read" || (operation === "update" && ISSUING.test(path)))) return undefined;
  if (typeof entry.time !== "string" || Number.isNaN(Date.parse(entry.time))) return undefined;
  return { location: path, last: entry.time, source: "vault-audit-log" };
}

/** The latest access per value path among the lines. */
export function accessesFromAuditLines(lines: Iterable<string>, scope: AuditLogScope): AccessRecord[] {
  const last = new Map<string, AccessRecord>();
  for (const line of lines) {
    const access = accessOfAuditLine(line, scope);
    if (!access) continue;
    const seen = last.get(access.location);
    if (!seen || Date.parse(access.last) > Date.parse(seen.last)) last.set(access.location, access);
  }
  return [...last.values()].sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
}

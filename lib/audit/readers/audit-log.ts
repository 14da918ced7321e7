import type { AccessRecord } from "../types";
import { byText } from "../../shared/text-order";

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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- external JSON (a server's answer or an audit line), read field by field with typeof checks
function namespaceOf(entry: any): string {
  const path = entry?.request?.namespace?.path;
  return typeof path === "string" ? path.replace(/^\/+|\/+$/g, "") : "";
}

/** The access a single audit line records, if it is a successful value read in scope. */
export function accessOfAuditLine(line: string, scope: AuditLogScope): AccessRecord | undefined {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- external JSON (a server's answer or an audit line), read field by field with typeof checks
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
  return [...last.values()].sort((a, b) => byText(a.location, b.location));
}

/** Where the shipped audit log lives (the cluster's group, `vaultAuditNames(...).logGroup`). */
export interface AuditLogGroupTarget {
  readonly logGroupName: string;
  readonly region: string;
  /** Only events from here on (milliseconds since the epoch): now minus the longest dormancy period. */
  readonly startTime: number;
  readonly endTime: number;
  readonly credentials: import("../../rotation/aws-sigv4").AwsCredentials;
  /** @default https://logs.<region>.amazonaws.com/ (tests: moto) */
  readonly url?: string;
  readonly timeoutMs?: number;
  /** Upper bound on pages read. @default 1000 */
  readonly maxPages?: number;
}

/**
 * FilterLogEvents over the cluster's group (JSON 1.1 on SigV4), every page; each event's message
 * is re-checked by `accessOfAuditLine`, so the server-side pattern is only a pre-filter (moto
 * ignores JSON patterns; AWS's narrows the transfer). The group holds every environment of the
 * cluster: the namespace check keeps this environment's reads only.
 */
export async function readAuditLogGroup(
  target: AuditLogGroupTarget,
  scope: AuditLogScope,
): Promise<{ accesses: AccessRecord[]; pages: number }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, so a command loads only the modules it uses (start-up time)
  const { signRequest } = require("../../rotation/aws-sigv4") as typeof import("../../rotation/aws-sigv4");
  const url = target.url ?? `https://logs.${target.region}.amazonaws.com/`;
  const messages: string[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const body = JSON.stringify({
      logGroupName: target.logGroupName,
      startTime: target.startTime,
      endTime: target.endTime,
      filterPattern: '{ $.type = "response" }',
      ...(nextToken ? { nextToken } : {}),
    });
    const headers = signRequest(
      {
        method: "POST",
        url,
        headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "Logs_20140328.FilterLogEvents" },
        body,
        service: "logs",
        region: target.region,
      },
      target.credentials,
    );
    const response = await fetch(url, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(target.timeoutMs ?? 15_000),
      redirect: "error",
    });
    const text = await response.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- external JSON (a server's answer or an audit line), read field by field with typeof checks
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = {};
    }
    if (!response.ok)
      throw new Error(
        `logs FilterLogEvents refused (${response.status} ${
          String(parsed.__type ?? "")
            .split("#")
            .pop() || "error"
        })`,
      );
    for (const event of parsed.events ?? []) if (typeof event?.message === "string") messages.push(event.message);
    nextToken = typeof parsed.nextToken === "string" && parsed.nextToken !== nextToken ? parsed.nextToken : undefined;
    pages++;
  } while (nextToken && pages < (target.maxPages ?? 1000));
  return { accesses: accessesFromAuditLines(messages, scope), pages };
}

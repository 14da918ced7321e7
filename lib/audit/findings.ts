import { rotationDue } from "../plan/rotation-due";
import {
  AUDIT_FORMAT,
  SECRET_STORES,
  type AccessRecord,
  type AuditReport,
  type AuditStore,
  type Declared,
  type DeclaredCredential,
  type EvidenceSource,
  type Finding,
  type Observations,
  type StoreItem,
  type Unknown,
} from "./types";
import { byText } from "../shared/text-order";

/*
 * The findings core: declared x observed x now -> findings. Pure and order-free: the same inputs in
 * any order give the same report (duplicates of one location merge to their latest dates). What
 * cannot be decided (no date, no access record covering the period, an unreadable location) is
 * `unknown`, never a finding. Nothing it reads or writes is a value: locations, dates, periods.
 */

const DAY_MS = 86_400_000;

/**
 * A quarantined credential used this recently is reported. The inventory records no quarantine
 * date (`lifecycle.state` only), so the look-back is fixed: a quarantined credential should see no
 * use at all, and a week covers Secrets Manager's day-truncated `LastAccessedDate`.
 */
export const QUARANTINE_LOOKBACK_DAYS = 7;

export interface AuditOptions {
  readonly quarantineLookbackDays?: number;
}

function dayOf(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : Math.floor(t / DAY_MS);
}

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The later of two ISO dates (an unparsable one loses). */
function later(a: string | undefined, b: string | undefined): string | undefined {
  const da = dayOf(a);
  const db = dayOf(b);
  if (da === undefined) return db === undefined ? undefined : b;
  if (db === undefined) return a;
  if (da !== db) return da > db ? a : b;
  return (a as string) >= (b as string) ? a : b;
}

/** IAM compares role names case-insensitively; every other store exactly. */
const key = (store: AuditStore, location: string) => `${store}\u0000${store === "iam-role" ? location.toLowerCase() : location}`;

function mergeItems(items: readonly StoreItem[]): Map<string, StoreItem> {
  const merged = new Map<string, StoreItem>();
  for (const item of items) {
    const k = key(item.store, item.location);
    const seen = merged.get(k);
    if (!seen) {
      merged.set(k, item);
      continue;
    }
    const created = later(seen.created, item.created);
    const lastChange = later(seen.lastChange, item.lastChange);
    const lastRotated = later(seen.lastRotated, item.lastRotated);
    merged.set(k, {
      store: item.store,
      location: item.location,
      ...(created !== undefined && { created }),
      ...(lastChange !== undefined && { lastChange }),
      ...(lastRotated !== undefined && { lastRotated }),
    });
  }
  return merged;
}

/** Whether access `a` is the one to keep over `b`: a later day, then a later instant, then the first source. */
function newer(a: AccessRecord, b: AccessRecord): boolean {
  const da = dayOf(a.last) as number;
  const db = dayOf(b.last) as number;
  if (da !== db) return da > db;
  if (a.last !== b.last) return a.last > b.last;
  return a.source < b.source;
}

/** Latest access per location; ties on the day keep the alphabetically first source, so order never matters. */
function lastAccesses(records: readonly AccessRecord[]): Map<string, AccessRecord> {
  const last = new Map<string, AccessRecord>();
  for (const record of records) {
    const day = dayOf(record.last);
    if (day === undefined) continue;
    const seen = last.get(record.location);
    if (!seen || newer(record, seen)) last.set(record.location, record);
  }
  return last;
}

function itemSource(store: AuditStore): EvidenceSource {
  switch (store) {
    case "vault-kv":
      return "vault-kv-metadata";
    case "secrets-manager":
      return "secrets-manager";
    case "vault-auth-role":
      return "vault-auth";
    case "vault-database-role":
      return "vault-database";
    case "iam-role":
      return "iam";
  }
}

function evidence(source: EvidenceSource, date: string | undefined): Finding["evidence"] {
  return date === undefined ? { source } : { source, date };
}

function ofCredential(credential: DeclaredCredential): { connector: string; credential: string } {
  return { connector: credential.connector, credential: credential.credential };
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    byText(a.kind, b.kind) ||
    byText(a.store, b.store) ||
    byText(a.location, b.location) ||
    byText(a.connector ?? "", b.connector ?? "") ||
    byText(a.credential ?? "", b.credential ?? "") ||
    byText(a.detail, b.detail)
  );
}

// long-function: two passes that share the merged items, last accesses and today: what the stores hold against what is declared, then each declared credential's review, rotation, dormancy and quarantine; each finding is a few lines in the order the report explains them
export function auditFindings(declared: Declared, observations: Observations, now: Date, options: AuditOptions = {}): AuditReport {
  if (Number.isNaN(now.getTime())) throw new RangeError("now is not a valid date");
  const today = Math.floor(now.getTime() / DAY_MS);
  const lookback = options.quarantineLookbackDays ?? QUARANTINE_LOOKBACK_DAYS;
  const findings: Finding[] = [];
  const unknown: Unknown[] = [...observations.unreadable];

  const items = mergeItems(observations.items);
  const accesses = lastAccesses(observations.accesses);

  const byItem = new Map<string, DeclaredCredential>();
  const owned = new Set<string>();
  for (const credential of declared.credentials) {
    if (credential.item) byItem.set(key(credential.item.store, credential.item.location), credential);
    for (const location of credential.ownedLocations) owned.add(location);
  }
  const roles = new Set(declared.roles.map((role) => key(role.store, role.location)));
  const retained = new Map(declared.retained.filter((e) => !e.prefix).map((entry) => [key(entry.store, entry.location), entry] as const));
  const retainedPrefixes = declared.retained.filter((e) => e.prefix).sort((a, b) => byText(a.location, b.location));
  const tombstoneOf = (item: StoreItem) =>
    retained.get(key(item.store, item.location)) ??
    retainedPrefixes.find((e) => e.store === item.store && item.location.startsWith(e.location));

  // What the stores hold against what is declared: shadow, retained or accounted for.
  for (const item of items.values()) {
    const k = key(item.store, item.location);
    const credential = byItem.get(k);
    const tombstone = tombstoneOf(item);
    if (credential?.state === "retired" || (!credential && tombstone)) {
      const owner = credential ? ofCredential(credential) : { connector: tombstone?.connector, credential: tombstone?.credential };
      findings.push({
        kind: "retained",
        store: item.store,
        location: item.location,
        ...(owner.connector !== undefined && { connector: owner.connector }),
        ...(owner.credential !== undefined && { credential: owner.credential }),
        evidence: evidence("inventory", item.created),
        detail: "kept after its retirement (not destroyed): remove it with a reviewed destroy, or keep it as a record",
      });
      continue;
    }
    if (credential || roles.has(k) || owned.has(item.location)) continue;
    const secret = SECRET_STORES.includes(item.store);
    findings.push({
      kind: secret ? "shadow-secret" : "shadow-role",
      store: item.store,
      location: item.location,
      evidence: evidence(itemSource(item.store), item.created),
      detail: `present in the store, declared nowhere in the inventory${item.created ? ` (created ${item.created.slice(0, 10)})` : ""}`,
    });
  }

  // Each declared credential that is not retired: review, rotation, dormancy, quarantine.
  for (const credential of declared.credentials) {
    if (credential.state === "retired") continue;
    const location = credential.item?.location ?? credential.valueLocations[0] ?? credential.id;
    const store: AuditStore = credential.item?.store ?? (credential.store === "aws" ? "secrets-manager" : "vault-kv");
    const base = { store, location, ...ofCredential(credential) };

    const reviewDay = dayOf(credential.reviewBy);
    if (reviewDay !== undefined && reviewDay < today) {
      findings.push({
        ...base,
        kind: "review-overdue",
        evidence: evidence("inventory", credential.reviewBy),
        detail: `review was due by ${credential.reviewBy} (${today - reviewDay} days ago)`,
      });
    }

    const item = credential.item ? items.get(key(credential.item.store, credential.item.location)) : undefined;
    if (credential.item && !item && !observations.unreadable.some((u) => u.location === credential.item?.location)) {
      unknown.push({ location: credential.item.location, why: "declared, not found in the store (not applied or not seeded yet?)" });
    }

    if (credential.rotation && item) {
      const changed = credential.rotation.mode === "secrets-manager" ? (item.lastRotated ?? item.lastChange) : item.lastChange;
      const changedOn = changed !== undefined && dayOf(changed) !== undefined ? new Date(changed) : undefined;
      const due = rotationDue({ lastChange: changedOn, days: credential.rotation.days, now });
      if (due.state === "overdue") {
        findings.push({
          ...base,
          kind: "rotation-overdue",
          evidence: evidence(credential.rotation.mode === "vault-static-role" ? "vault-static-role" : itemSource(item.store), changed),
          detail: `last change ${changed?.slice(0, 10)}, period ${credential.rotation.days} days: due ${due.dueOn} (${-(due.daysToDue ?? 0)} days overdue)`,
        });
      } else if (due.state === "unknown") {
        unknown.push({ location: item.location, why: "the store gives no date of the last change: rotation not checked" });
      }
    }

    const last = credential.valueLocations
      .map((valueLocation) => accesses.get(valueLocation))
      .reduce<AccessRecord | undefined>((best, record) => (!record ? best : !best || newer(record, best) ? record : best), undefined);
    const lastDay = dayOf(last?.last);

    if (credential.state === "quarantined") {
      // With lifecycle.quarantinedOn: a read on a later day (a read on that day may precede the
      // quarantine; Secrets Manager keeps the day only). Without it: a read within the look-back.
      const since = dayOf(credential.quarantinedOn);
      const after = since !== undefined ? lastDay !== undefined && lastDay > since : lastDay !== undefined && lastDay >= today - lookback;
      if (last && lastDay !== undefined && after && lastDay <= today) {
        findings.push({
          ...base,
          kind: "quarantined-accessed",
          evidence: evidence(last.source, last.last),
          detail:
            since !== undefined
              ? `quarantined on ${credential.quarantinedOn}, read on ${last.last.slice(0, 10)}`
              : `quarantined, read on ${last.last.slice(0, 10)} (looking back ${lookback} days)`,
        });
      }
      continue;
    }

    if (credential.dormancyDays === undefined) continue;
    const period = credential.dormancyDays;
    if (last && lastDay !== undefined) {
      if (today - lastDay > period) {
        findings.push({
          ...base,
          kind: "dormant",
          evidence: evidence(last.source, last.last),
          detail: `last used ${last.last.slice(0, 10)}, ${today - lastDay} days ago (period ${period} days)`,
        });
      }
      continue;
    }
    const coverageStore = credential.store === "aws" ? "secrets-manager" : "vault";
    const covering = observations.coverage
      .filter((c) => c.store === coverageStore && (c.since === undefined || (dayOf(c.since) ?? Infinity) <= today - period))
      .map((c) => c.source)
      .sort()[0];
    const createdDay = dayOf(item?.created);
    if (covering === undefined) {
      unknown.push({ location, why: `no access record covers the last ${period} days: dormancy not checked` });
    } else if (createdDay === undefined) {
      if (item) unknown.push({ location, why: "the store gives no creation date: dormancy not checked" });
    } else if (today - createdDay > period) {
      findings.push({
        ...base,
        kind: "dormant",
        evidence: evidence(covering, item?.created),
        detail: `never used since it was created on ${(item?.created ?? "").slice(0, 10)}, ${today - createdDay} days ago (period ${period} days)`,
      });
    }
  }

  const uniqueUnknown = new Map<string, Unknown>();
  for (const u of unknown) uniqueUnknown.set(`${u.location}\u0000${u.why}`, { location: u.location, why: u.why });
  return {
    format: AUDIT_FORMAT,
    environment: declared.environment,
    now: isoDay(today),
    findings: findings.sort(compareFindings),
    unknown: [...uniqueUnknown.values()].sort((a, b) => byText(a.location, b.location) || byText(a.why, b.why)),
  };
}

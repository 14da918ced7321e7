/*
 * Boundary exceptions between two synth outputs (from their intent manifests): which were added,
 * removed or changed, and how each of the head's stands against the review's clock (`now`, passed
 * in: nothing here reads the system clock). An expired exception in the head fails the review.
 */
import type { IntentException, IntentManifest } from "../../intent/types";
import { daysUntil, EXCEPTION_WARNING_DAYS } from "../../inventory/schema/exception";
import { byText } from "../../shared/text-order";

export type ExceptionChangeKind = "added" | "removed" | "changed" | "kept";

export interface ExceptionChange {
  readonly kind: ExceptionChangeKind;
  readonly exception: IntentException;
  /** Days left until it expires (negative: expired), when the review has a clock. */
  readonly daysLeft?: number;
  readonly status?: "active" | "expiring" | "expired";
}

export interface ExceptionReport {
  /** Every exception of base or head, sorted by id (removed ones as base had them). */
  readonly changes: readonly ExceptionChange[];
  /** Head exceptions expired by `now`: the count that fails the review. */
  readonly expired: number;
}

function sameException(a: IntentException, b: IntentException): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function exceptionChanges(base: IntentManifest, head: IntentManifest, now?: string): ExceptionReport {
  const before = new Map((base.exceptions ?? []).map((e) => [e.id, e]));
  const after = new Map((head.exceptions ?? []).map((e) => [e.id, e]));
  const changes: ExceptionChange[] = [];
  for (const [id, exception] of after) {
    const old = before.get(id);
    const kind: ExceptionChangeKind = !old ? "added" : sameException(old, exception) ? "kept" : "changed";
    if (now === undefined) {
      changes.push({ kind, exception });
      continue;
    }
    const daysLeft = daysUntil(exception.expires, now);
    const status = daysLeft < 0 ? "expired" : daysLeft <= EXCEPTION_WARNING_DAYS ? "expiring" : "active";
    changes.push({ kind, exception, daysLeft, status });
  }
  for (const [id, exception] of before) if (!after.has(id)) changes.push({ kind: "removed", exception });
  changes.sort((a, b) => byText(a.exception.id, b.exception.id));
  return { changes, expired: changes.filter((c) => c.status === "expired").length };
}

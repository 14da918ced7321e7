import type { AwsCredentials } from "../aws-sigv4";
import { VAULT_WATCH_OVERDUE_GRACE_SECONDS, VAULT_WATCH_SOURCE, type VaultWatchedStaticRole, type VaultWatchEvent } from "./watch-contract";
import { RotationError } from "../errors";
import type { RedactingLogger } from "../redacting-logger";
import type { VaultRotationAnnouncer } from "./announcer";
import type { StaticRoleState, VaultStaticRoleApi, VaultTarget } from "./vault-client";

/*
 * The Vault static-role watcher: Vault rotates a database static role's password on its own and
 * tells AWS nothing, so a scheduled function reads each role's `last_vault_rotation` and announces
 * the rotations of one time window. Stateless: which window a run looks at comes from the event's
 * scheduled time alone, so a retry looks at the same window and announces the same rotations (the
 * same dedupeIds), and consecutive runs look at consecutive windows.
 */

/** A half-open window `[from, to)` in epoch milliseconds. */
export interface WatchWindow {
  readonly from: number;
  readonly to: number;
}

/**
 * The window a run at `time` looks at: the last whole interval (aligned to multiples of the interval
 * since the epoch) that ended at or before `time`. Aligned, not `[time - interval, time)`: a
 * schedule's runs drift by seconds, and aligned windows still tile time as long as each interval
 * gets its run. A rotation inside the current, unfinished interval is the next run's.
 */
export function watchWindow(time: string | number, intervalSeconds: number): WatchWindow {
  const at = typeof time === "number" ? time : Date.parse(time);
  if (!Number.isFinite(at)) throw new RotationError(`the watch event's time "${String(time)}" is not a date`);
  if (!Number.isInteger(intervalSeconds) || intervalSeconds < 60)
    throw new RotationError(`the watch interval must be a whole number of seconds, at least 60; got ${intervalSeconds}`);
  const interval = intervalSeconds * 1000;
  const to = Math.floor(at / interval) * interval;
  return { from: to - interval, to };
}

export function inWindow(epochMs: number, window: WatchWindow): boolean {
  return epochMs >= window.from && epochMs < window.to;
}

/** What one static role's state means for one window. */
export type StaticRoleFinding =
  | { readonly kind: "rotated"; readonly time: string }
  | { readonly kind: "overdue"; readonly lastRotation: string; readonly deadline: string };

/**
 * A rotation inside the window is announced; a deadline (`last + period + grace`) inside the window
 * is reported overdue, once: the next window no longer contains it. Both can hold at once only for
 * periods shorter than the window, which the plan does not produce.
 */
export function judgeStaticRole(
  state: StaticRoleState,
  window: WatchWindow,
  graceSeconds: number = VAULT_WATCH_OVERDUE_GRACE_SECONDS,
): StaticRoleFinding[] {
  const last = state.lastVaultRotation;
  if (last === undefined) return [];
  const lastMs = Date.parse(last);
  if (!Number.isFinite(lastMs)) return [];
  const findings: StaticRoleFinding[] = [];
  if (inWindow(lastMs, window)) findings.push({ kind: "rotated", time: last });
  if (state.rotationPeriodSeconds !== undefined) {
    const deadline = lastMs + (state.rotationPeriodSeconds + graceSeconds) * 1000;
    if (inWindow(deadline, window)) findings.push({ kind: "overdue", lastRotation: last, deadline: new Date(deadline).toISOString() });
  }
  return findings;
}

/** Whether an event is the watcher's schedule. */
export function isVaultWatchEvent(event: unknown): event is VaultWatchEvent {
  return typeof event === "object" && event !== null && (event as { source?: unknown }).source === VAULT_WATCH_SOURCE;
}

export function validateWatchEvent(event: VaultWatchEvent): readonly VaultWatchedStaticRole[] {
  if (!isVaultWatchEvent(event)) throw new RotationError(`not a watch event (source must be ${VAULT_WATCH_SOURCE})`);
  if (typeof event.time !== "string")
    throw new RotationError("the watch event has no time (the rule's input transformer fills it from the scheduled event)");
  if (!Array.isArray(event.roles)) throw new RotationError("the watch event has no roles list");
  return event.roles.map((r, index) => {
    for (const field of ["connector", "credential", "vaultAddress", "dbMount", "role", "authMount", "authRole"] as const) {
      if (typeof r?.[field] !== "string" || r[field].length === 0)
        throw new RotationError(`roles[${index}].${field} must be a non-empty string`);
    }
    if (r.namespace !== undefined && typeof r.namespace !== "string") throw new RotationError(`roles[${index}].namespace must be a string`);
    return r;
  });
}

export interface StaticRoleWatchDependencies {
  readonly vault: VaultStaticRoleApi;
  /** The function's own credentials (its execution role), for the Vault login. */
  readonly credentials: () => AwsCredentials;
  readonly logger: RedactingLogger;
  readonly announcer: VaultRotationAnnouncer;
}

/** What one role's run found: `rotated`, `overdue`, both, or `quiet`. */
export type WatchOutcome = "rotated" | "overdue" | "rotated+overdue" | "quiet";

/**
 * Reads every role of the event and announces what its window holds. All roles are tried; the run
 * fails (so Lambda retries the same event, then dead-letters it, which alarms) when any read or
 * publish failed. A retry re-announces what was already published: consumers dedupe on dedupeId.
 */
export async function runStaticRoleWatch(event: VaultWatchEvent, deps: StaticRoleWatchDependencies): Promise<Record<string, WatchOutcome>> {
  const roles = validateWatchEvent(event);
  const window = watchWindow(event.time, event.intervalSeconds);
  const tokens = new Map<string, Promise<string>>();
  const outcomes: Record<string, WatchOutcome> = {};
  const failures: string[] = [];
  for (const role of roles) {
    const id = `${role.namespace ? `${role.namespace}/` : ""}${role.dbMount}/static-roles/${role.role}`;
    const logger = deps.logger.child({ role: id });
    try {
      const target: VaultTarget = { address: role.vaultAddress, namespace: role.namespace || undefined };
      const loginKey = [role.vaultAddress, role.namespace ?? "", role.authMount, role.authRole].join("|");
      let token = tokens.get(loginKey);
      if (!token) {
        token = deps.vault.loginWithAwsIam(target, role.authMount, role.authRole, deps.credentials()).then((t) => {
          logger.addSecret(t);
          return t;
        });
        tokens.set(loginKey, token);
      }
      const state = await deps.vault.readStaticRole(target, await token, role.dbMount, role.role);
      if (!state) throw new RotationError(`${id} does not exist`);
      const findings = judgeStaticRole(state, window);
      const where = {
        connector: role.connector,
        credential: role.credential,
        namespace: role.namespace || undefined,
        path: `${role.dbMount}/static-roles/${role.role}`,
      };
      for (const finding of findings) {
        if (finding.kind === "rotated") {
          const messageId = await deps.announcer.announce({ source: "vault-static-role", ...where, time: finding.time });
          logger.info("rotation announced", { messageId });
        } else {
          if (!deps.announcer.announceOverdue) throw new RotationError(`${id} is overdue and nothing reports it`);
          const messageId = await deps.announcer.announceOverdue({
            ...where,
            lastRotation: finding.lastRotation,
            deadline: finding.deadline,
          });
          logger.error("rotation overdue", { deadline: finding.deadline, messageId });
        }
      }
      outcomes[id] = findings.length === 0 ? "quiet" : (findings.map((f) => f.kind).join("+") as WatchOutcome);
    } catch (error) {
      tokens.clear();
      const reason = logger.redact(error instanceof Error ? error.message : String(error));
      logger.error("watch failed", { reason });
      failures.push(`${id}: ${reason}`);
    }
  }
  if (failures.length > 0) throw new RotationError(`the static-role watch failed for ${failures.length} role(s): ${failures.join("; ")}`);
  return outcomes;
}

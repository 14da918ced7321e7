/*
 * Access changes as people say them: "finance-recon may now read stripe-api/main in prod, dev,
 * staging and test" is one change, not eight rows of principal URIs (four environments x the data
 * and metadata paths). A change is keyed by direction, who (class and name), credential and access;
 * the environments it applies to are collected, production first. The connector's owner, class and
 * regulations come from the intent manifests. Pure and sorted: the same inputs give the same list.
 */
import type { IntentLocation, IntentManifest, PrincipalClass } from "../../intent/types";
import type { Regulation, Sensitivity } from "../../inventory/class-defaults";
import type { AccessChange } from "./review";
import { byText } from "../../shared/text-order";

export interface ChangeEnvironment {
  readonly name: string;
  readonly production: boolean;
}

export interface LogicalChange {
  readonly direction: "gained" | "lost";
  /** The principal's class in the intent; `unknown` for a principal the intent does not declare. */
  readonly principalClass: PrincipalClass | "unknown";
  /** Consumer id, rotation target, group or role name; the principal id when the intent does not know it. */
  readonly who: string;
  /** `<connector>/<credential>`; absent when the resource is no credential's location in the intent. */
  readonly credential?: string;
  readonly connector?: string;
  /** The resource itself, when no credential is known. */
  readonly resource?: string;
  /** In words: `read`, `read+write-back`, `rotate`, `read metadata`, `issue`... */
  readonly access: string;
  /** Production first, then by name. */
  readonly environments: readonly ChangeEnvironment[];
  readonly owner?: string;
  readonly sensitivity?: Sensitivity;
  readonly regulations?: readonly Regulation[];
  /** Why the gained access goes beyond the intent (sorted, distinct); empty when it does not. */
  readonly violations: readonly string[];
  /** The principal ids and resources behind the change (sorted), as the detail rows show them. */
  readonly principals: readonly string[];
  readonly resources: readonly string[];
  /** Every capability or action behind the change, sorted. */
  readonly actions: readonly string[];
}

interface Located {
  readonly credentialId: string;
  readonly connectorId: string;
  readonly location: IntentLocation;
  readonly owner?: string;
  readonly sensitivity?: Sensitivity;
  readonly regulations?: readonly Regulation[];
}

interface Known {
  readonly locations: Map<string, Located>;
  readonly principals: Map<string, { class: PrincipalClass; name: string }>;
  readonly production: Map<string, boolean>;
}

/** What the manifests say about resources, principals and environments; the first manifest wins. */
function known(...intents: readonly IntentManifest[]): Known {
  const result: Known = { locations: new Map(), principals: new Map(), production: new Map() };
  for (const intent of intents) {
    for (const env of intent.environments) {
      if (!result.production.has(env.name)) result.production.set(env.name, env.production);
      for (const credential of env.credentials) {
        for (const location of credential.locations) {
          if (result.locations.has(location.resource)) continue;
          result.locations.set(location.resource, {
            credentialId: credential.id,
            connectorId: credential.connectorId,
            location,
            ...(credential.owner !== undefined ? { owner: credential.owner } : {}),
            ...(credential.sensitivity !== undefined ? { sensitivity: credential.sensitivity } : {}),
            ...(credential.regulations !== undefined ? { regulations: credential.regulations } : {}),
          });
        }
      }
      for (const principal of env.principals)
        if (!result.principals.has(principal.id)) result.principals.set(principal.id, { class: principal.class, name: principal.name });
    }
  }
  return result;
}

const VERB_ORDER = ["read", "write", "write-back", "rotate", "restore", "issue", "sign", "delete", "list", "sudo", "deny", "read metadata"];

/** The verbs one (resource kind, actions) pair stands for. */
function verbs(location: IntentLocation | undefined, actions: readonly string[]): string[] {
  const out = new Set<string>();
  const kind = location?.store === "vault" ? location.kind : undefined;
  for (const action of actions) {
    if (action.includes(":")) {
      // AWS: what the action does to the secret.
      if (action === "secretsmanager:GetSecretValue") out.add("read");
      else if (action === "secretsmanager:PutSecretValue") out.add("write");
      else if (
        action === "secretsmanager:UpdateSecretVersionStage" ||
        action === "secretsmanager:RotateSecret" ||
        action === "secretsmanager:CancelRotateSecret"
      )
        out.add("rotate");
      else if (action === "secretsmanager:RestoreSecret") out.add("restore");
      else if (action === "secretsmanager:DeleteSecret") out.add("delete");
      else if (action === "secretsmanager:DescribeSecret" || action === "secretsmanager:ListSecretVersionIds") out.add("read metadata");
      else if (action.startsWith("kms:")) continue;
      else out.add(action);
      continue;
    }
    if (kind === "metadata") {
      out.add(action === "read" || action === "list" ? "read metadata" : action === "delete" ? "delete" : "write");
    } else if (kind === "issue" && action === "update") out.add("issue");
    else if (kind === "sign" && action === "update") out.add("sign");
    else if (action === "read") out.add("read");
    else if (action === "create" || action === "update" || action === "patch") out.add("write");
    else out.add(action);
  }
  return [...out];
}

/** The access in words for one principal on one credential (or resource) in one environment. */
export function accessLabel(principalClass: PrincipalClass | "unknown", verbList: Iterable<string>): string {
  const set = new Set(verbList);
  // The metadata path goes with the value: only metadata alone is its own access.
  if (set.size > 1) set.delete("read metadata");
  if (principalClass === "rotation-function" && set.has("write")) {
    set.delete("write");
    set.delete("read");
    set.add("rotate");
  }
  if (principalClass === "consumer" && set.has("write")) {
    set.delete("write");
    set.add("write-back");
  }
  const rank = (v: string) => (VERB_ORDER.includes(v) ? VERB_ORDER.indexOf(v) : VERB_ORDER.length);
  return [...set].sort((a, b) => rank(a) - rank(b) || byText(a, b)).join("+");
}

/**
 * Groups the per-principal, per-resource rows of the review into logical changes. `head` explains
 * what was gained, `base` what was lost (each falls back on the other).
 */
export function logicalChanges(
  gained: readonly AccessChange[],
  lost: readonly AccessChange[],
  base: IntentManifest,
  head: IntentManifest,
): LogicalChange[] {
  return [...group("gained", gained, known(head, base)), ...group("lost", lost, known(base, head))].sort(
    (a, b) =>
      Number(touchesProduction(b)) - Number(touchesProduction(a)) ||
      byText(a.direction, b.direction) ||
      byText(a.who, b.who) ||
      byText(a.credential ?? a.resource ?? "", b.credential ?? b.resource ?? "") ||
      byText(a.access, b.access) ||
      byText(a.environments.map((e) => e.name).join(), b.environments.map((e) => e.name).join()),
  );
}

export function touchesProduction(change: LogicalChange): boolean {
  return change.environments.some((e) => e.production);
}

// long-function: folds access rows into logical changes in two steps (per environment, principal and credential; then across environments), the local Cell type and its index shared by both
function group(direction: "gained" | "lost", rows: readonly AccessChange[], facts: Known): LogicalChange[] {
  // First per (environment, principal, credential): the data and metadata paths of one access collapse.
  interface Cell {
    environment: string;
    principal: string;
    principalClass: PrincipalClass | "unknown";
    who: string;
    target: Located | undefined;
    resource: string;
    verbs: Set<string>;
    resources: Set<string>;
    actions: Set<string>;
    violations: Set<string>;
  }
  const cells = new Map<string, Cell>();
  for (const row of rows) {
    const principal = facts.principals.get(row.principal);
    const target = facts.locations.get(row.resource);
    const key = JSON.stringify([row.environment, row.principal, target?.credentialId ?? `resource:${row.resource}`]);
    const cell: Cell = cells.get(key) ?? {
      environment: row.environment,
      principal: row.principal,
      principalClass: principal?.class ?? "unknown",
      who: principal?.name ?? row.principal,
      target,
      resource: row.resource,
      verbs: new Set(),
      resources: new Set(),
      actions: new Set(),
      violations: new Set(),
    };
    for (const verb of verbs(target?.location, row.actions)) cell.verbs.add(verb);
    for (const action of row.actions) cell.actions.add(action);
    cell.resources.add(row.resource);
    if (row.violation) cell.violations.add(`${row.environment}: ${row.violation}`);
    cells.set(key, cell);
  }
  // Then across environments: the same who, credential and access is one change.
  const changes = new Map<
    string,
    {
      cell: Cell;
      access: string;
      environments: Set<string>;
      principals: Set<string>;
      resources: Set<string>;
      actions: Set<string>;
      violations: Set<string>;
    }
  >();
  for (const cell of cells.values()) {
    const access = accessLabel(cell.principalClass, cell.verbs);
    const key = JSON.stringify([cell.principalClass, cell.who, cell.target?.credentialId ?? `resource:${cell.resource}`, access]);
    const change = changes.get(key) ?? {
      cell,
      access,
      environments: new Set(),
      principals: new Set(),
      resources: new Set(),
      actions: new Set(),
      violations: new Set(),
    };
    change.environments.add(cell.environment);
    change.principals.add(cell.principal);
    for (const r of cell.resources) change.resources.add(r);
    for (const a of cell.actions) change.actions.add(a);
    for (const v of cell.violations) change.violations.add(v);
    changes.set(key, change);
  }
  return [...changes.values()].map(({ cell, access, environments, principals, resources, actions, violations }) => {
    const target = cell.target;
    return {
      direction,
      principalClass: cell.principalClass,
      who: cell.who,
      ...(target ? { credential: target.credentialId, connector: target.connectorId } : { resource: cell.resource }),
      access,
      environments: [...environments]
        .map((name) => ({ name, production: facts.production.get(name) === true }))
        .sort((a, b) => Number(b.production) - Number(a.production) || byText(a.name, b.name)),
      ...(target?.owner !== undefined ? { owner: target.owner } : {}),
      ...(target?.sensitivity !== undefined ? { sensitivity: target.sensitivity } : {}),
      ...(target?.regulations !== undefined ? { regulations: [...target.regulations].sort(byText) } : {}),
      violations: [...violations].sort(byText),
      principals: [...principals].sort(byText),
      resources: [...resources].sort(byText),
      actions: [...actions].sort(byText),
    };
  });
}

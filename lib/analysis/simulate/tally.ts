/*
 * Counts the decisions of a simulation and assembles its result: the violations and blocked grants
 * one by one, the rest as counts, then the declared grants the policies do not give and the proof's
 * findings. Both simulations feed it, so their results can only differ by the decisions they feed.
 */
import { VALUE_BEARING_AWS_ACTIONS, VALUE_BEARING_VAULT_KINDS, type IntentGrant } from "../../intent/types";
import type { AccessModel, AwsSecret, Location, Principal, VaultLocation } from "../access-model/types";
import { proveWithExceptions } from "../proof/proof";
import { judgeMints } from "./mints";
import { AWS_KEY_ACTIONS, AWS_SECRET_ACTIONS, VAULT_ACTIONS, type Judged, type Outcome } from "./judge";
import type { AuditorReach, BlockedGrant, SimulateOptions, SimulationResult, UnmetIntent, Violation } from "./types";
import { byText } from "../../shared/text-order";

/** Whether simulate evaluates an intended action at all (KMS only on secrets with a known key). */
const EVALUATED = new Set<string>([...VAULT_ACTIONS, ...AWS_SECRET_ACTIONS, ...AWS_KEY_ACTIONS]);

export class Tally {
  private readonly counts: Record<Outcome, number> = { intended: 0, violation: 0, blocked: 0, denied: 0, "shared-key": 0 };
  private readonly violations: Violation[] = [];
  private readonly blocked: BlockedGrant[] = [];
  /** `principal|resource|action` of every allowed decision that is intended or a violation. */
  private readonly allowedKeys = new Set<string>();

  constructor(private readonly model: AccessModel) {}

  record(principal: Principal, resource: VaultLocation | AwsSecret, action: string, judged: Judged): void {
    this.counts[judged.outcome]++;
    const environment = principal.environment ?? "(none)";
    if (judged.outcome === "intended" || judged.outcome === "violation") this.allowedKeys.add(`${principal.id}|${resource.id}|${action}`);
    if (judged.outcome === "violation") {
      this.violations.push({
        kind: "access",
        principal: principal.id,
        environment,
        resource: resource.id,
        action,
        via: judged.via ?? "",
        reason: judged.reason ?? "",
        ...(resource.environment ? { resourceEnvironment: resource.environment } : {}),
      });
    }
    if (judged.outcome === "blocked") {
      this.blocked.push({
        principal: principal.id,
        environment,
        resource: resource.id,
        action,
        via: judged.via ?? "",
        blockedBy: judged.blockedBy ?? "",
      });
    }
  }

  /**
   * Decisions counted without being listed: denials the index establishes, and uses of an
   * environment's shared key (never declared, so never needed for the unmet-intent check).
   */
  count(outcome: "denied" | "shared-key", n: number): void {
    this.counts[outcome] += n;
  }

  result(options: SimulateOptions): SimulationResult {
    const { model, counts } = this;
    const unmet = unmetIntent(model, this.allowedKeys);
    const blockedBy: Record<string, number> = {};
    for (const grant of this.blocked) {
      const layer = grant.blockedBy.split(":")[0];
      blockedBy[layer] = (blockedBy[layer] ?? 0) + 1;
    }
    const evaluated = Object.values(counts).reduce((a, b) => a + b, 0);
    const proof = proveWithExceptions(model, options);
    const mints = judgeMints(model);
    const all: Violation[] = [...this.violations.sort(compareAccess), ...[...mints.violations].sort(compareAccess), ...proof.violations];
    const byKind: Record<string, number> = {};
    for (const v of all) byKind[v.kind] = (byKind[v.kind] ?? 0) + 1;
    return {
      decisions: {
        evaluated,
        allowed: counts.intended + counts.violation + counts["shared-key"],
        intended: counts.intended,
        violations: all.length,
        blocked: counts.blocked,
        denied: counts.denied,
        sharedKey: counts["shared-key"],
        principals: model.principals.length,
        locations: model.locations.length,
        blockedBy: sortRecord(blockedBy),
        blockedGrants: this.blocked.sort(compareAccess),
        unmetIntent: unmet.length + mints.unmet.length,
        serverObjects: model.objects.length,
        violationsByKind: sortRecord(byKind),
        ...(mints.evaluated > 0 ? { mints: { evaluated: mints.evaluated, intended: mints.intended } } : {}),
      },
      violations: all,
      unmetIntent: [...unmet, ...mints.unmet].sort(compareAccess),
      issues: model.issues,
      allowedByException: proof.allowed,
      auditors: auditorReach(model, this.allowedKeys),
    };
  }
}

/** Per auditor principal of the intent: the distinct locations its allowed decisions reach, metadata and values apart. */
function auditorReach(model: AccessModel, allowedKeys: ReadonlySet<string>): AuditorReach[] {
  const locations = new Map<string, Location>(model.locations.map((l) => [l.id, l]));
  const auditors = model.intent.environments.flatMap((env) =>
    env.principals.filter((p) => p.class === "auditor").map((p) => ({ id: p.id, environment: env.name, logReads: p.logReads })),
  );
  const reach = new Map(auditors.map((a) => [a.id, { metadata: new Set<string>(), values: new Set<string>() }]));
  for (const key of allowedKeys) {
    const [principal, resource, action] = key.split("|");
    const entry = reach.get(principal!);
    if (!entry) continue;
    const location = locations.get(resource!);
    const value =
      location?.store === "vault" ? VALUE_BEARING_VAULT_KINDS.includes(location.kind) : VALUE_BEARING_AWS_ACTIONS.includes(action!);
    (value ? entry.values : entry.metadata).add(resource!);
  }
  // A secret whose value it reads counts once, as a value.
  for (const entry of reach.values()) for (const resource of entry.values) entry.metadata.delete(resource);
  return auditors
    .map((a) => ({
      principal: a.id,
      environment: a.environment,
      metadataLocations: reach.get(a.id)!.metadata.size,
      valueLocations: reach.get(a.id)!.values.size,
      ...(a.logReads && a.logReads.length > 0 ? { logReads: a.logReads } : {}),
    }))
    .sort((a, b) => byText(a.environment, b.environment) || byText(a.principal, b.principal));
}

/** How many decisions there are: every principal x every location of its store x every action. */
export function decisionCount(model: AccessModel): number {
  let vault = 0;
  let aws = 0;
  for (const location of model.locations) {
    if (location.store === "vault") vault += VAULT_ACTIONS.length;
    else aws += AWS_SECRET_ACTIONS.length + (location.kmsKeyArn ? AWS_KEY_ACTIONS.length : 0);
  }
  let total = 0;
  for (const principal of model.principals) total += principal.kind === "vault" ? vault : aws;
  return total;
}

/** Declared grants the synthesized policies do not give (a consumer that cannot read its secret). */
function unmetIntent(model: AccessModel, allowedKeys: ReadonlySet<string>): UnmetIntent[] {
  const unmet: UnmetIntent[] = [];
  const locations = new Map<string, Location>(model.locations.map((l) => [l.id, l]));
  const principalIds = new Set(model.principals.map((p) => p.id));
  for (const env of model.intent.environments) {
    for (const principal of env.principals) {
      for (const grant of principal.grants) {
        for (const action of grant.actions) {
          if (!principalIds.has(principal.id)) {
            unmet.push({
              principal: principal.id,
              environment: env.name,
              resource: grant.resource,
              action,
              reason: "the principal is not in the synth output",
            });
          } else if (
            locations.has(grant.resource) &&
            isEvaluated(action, locations, grant) &&
            !allowedKeys.has(`${principal.id}|${grant.resource}|${action}`)
          ) {
            unmet.push({
              principal: principal.id,
              environment: env.name,
              resource: grant.resource,
              action,
              reason: "declared, but the synthesized policies do not allow it",
            });
          }
        }
      }
    }
  }
  return unmet;
}

function isEvaluated(action: string, locations: ReadonlyMap<string, Location>, grant: IntentGrant): boolean {
  if (!EVALUATED.has(action)) return false;
  if (!action.startsWith("kms:")) return true;
  const location = locations.get(grant.resource);
  return location?.store === "aws" && location.kmsKeyArn !== undefined;
}

function compareAccess(
  a: { principal: string; resource: string; action: string },
  b: { principal: string; resource: string; action: string },
): number {
  return byText(a.principal, b.principal) || byText(a.resource, b.resource) || byText(a.action, b.action);
}

function sortRecord(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.keys(record)
      .sort(byText)
      .map((k) => [k, record[k]]),
  );
}

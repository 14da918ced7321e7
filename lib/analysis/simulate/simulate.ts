/*
 * Every principal x every credential location x every action, decided against the synthesized
 * policies, then compared with the intent manifest and with the environment boundaries. An allowed
 * access is a violation when the intent does not grant it, when it crosses an environment, reaches
 * another connector's credential, or writes where read was declared. A grant that another layer
 * blocks (a resource policy, the account boundary, a namespace or cluster boundary) is not a
 * violation, but it is reported with that layer.
 *
 * Decided by index, not by enumeration (access-index.ts): each principal's policies name the
 * locations they could reach, and only those are evaluated; every other decision is a denial the
 * index establishes, counted without being evaluated. The secrets that share a key are decided once
 * per key. The cost grows with the grants, not with principals x locations. The exhaustive
 * simulation (exhaustive.ts) evaluates everything and must agree with this one exactly; the
 * symbolic proof (lib/analysis/proof) runs beside both, so that a pattern reaching a location that
 * does not exist yet (tomorrow's connector) is caught although no known location shows it.
 */
import type { AccessModel, IamPrincipal } from "../access-model/types";
import type { IntentPrincipal } from "../../intent/types";
import { AccessIndex, uniformFor, type KeyGroup } from "./access-index";
import {
  AWS_KEY_ACTIONS,
  AWS_SECRET_ACTIONS,
  evaluateIamAccess,
  identityAllows,
  judgeIam,
  judgeIamEvaluation,
  judgeVault,
  sharesKey,
  VAULT_ACTIONS,
} from "./judge";
import { decisionCount, Tally } from "./tally";
import type { SimulateOptions, SimulationResult } from "./types";

export { AWS_KEY_ACTIONS, AWS_SECRET_ACTIONS, VAULT_ACTIONS, type Outcome } from "./judge";
export type { BlockedGrant, DecisionSummary, SimulateOptions, SimulationResult, UnmetIntent, Violation, ViolationKind } from "./types";

export function simulate(model: AccessModel, options: SimulateOptions = {}): SimulationResult {
  const intentById = new Map<string, IntentPrincipal>();
  for (const env of model.intent.environments) for (const principal of env.principals) intentById.set(principal.id, principal);
  const index = new AccessIndex(model);
  const tally = new Tally(model);
  let decided = 0;
  for (const principal of model.principals) {
    const intent = intentById.get(principal.id);
    if (principal.kind === "vault") {
      for (const location of index.vaultCandidates(principal)) {
        for (const action of VAULT_ACTIONS) tally.record(principal, location, action, judgeVault(principal, intent, location, action));
        decided += VAULT_ACTIONS.length;
      }
      continue;
    }
    for (const secret of index.secretCandidates(principal)) {
      for (const action of AWS_SECRET_ACTIONS) tally.record(principal, secret, action, judgeIam(principal, intent, secret, action, false));
      decided += AWS_SECRET_ACTIONS.length;
    }
    for (const group of index.keyCandidates(principal)) decided += decideKeyGroup(tally, principal, intent, group);
  }
  // Everything the index left out: no pattern of the principal can match it.
  tally.count("denied", decisionCount(model) - decided);
  return tally.result(options);
}

/**
 * The key actions of one principal on the secrets of one key group; returns how many decisions
 * that covers. Evaluated once per action when the group is uniform for the principal; then each
 * secret the principal has a grant on is judged on its own, and the others by what they share:
 * denied all alike, or a use of the shared key, or (across an environment or account) a violation
 * each.
 */
function decideKeyGroup(tally: Tally, principal: IamPrincipal, intent: IntentPrincipal | undefined, group: KeyGroup): number {
  if (!uniformFor(group, principal)) {
    for (const secret of group.secrets)
      for (const action of AWS_KEY_ACTIONS) tally.record(principal, secret, action, judgeIam(principal, intent, secret, action, true));
    return group.secrets.length * AWS_KEY_ACTIONS.length;
  }
  const granted = new Set((intent?.grants ?? []).map((grant) => grant.resource));
  for (const action of AWS_KEY_ACTIONS) {
    const evaluation = evaluateIamAccess(principal, group.secrets[0], action, true);
    const allowed = evaluation.decision.decision === "allow";
    if (!allowed && (principal.outsider || !identityAllows(evaluation))) {
      tally.count("denied", group.secrets.length);
      continue;
    }
    let shared = 0;
    for (const secret of group.secrets) {
      if (allowed && !granted.has(secret.id) && sharesKey(principal, secret)) shared++;
      else tally.record(principal, secret, action, judgeIamEvaluation(principal, intent, secret, action, true, evaluation));
    }
    tally.count("shared-key", shared);
  }
  return group.secrets.length * AWS_KEY_ACTIONS.length;
}

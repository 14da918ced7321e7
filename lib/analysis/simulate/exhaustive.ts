/*
 * The simulation by enumeration: every principal x every credential location of its store x every
 * action, each decided by the evaluators. Quadratic, so not what `simulate` runs at scale, but it
 * assumes nothing about which decisions can be skipped: it is the oracle the indexed simulation
 * (simulate.ts) must agree with, decision for decision (`etl-secrets simulate --exhaustive`).
 */
import type { AccessModel } from "../access-model/types";
import type { IntentPrincipal } from "../../intent/types";
import { AWS_KEY_ACTIONS, AWS_SECRET_ACTIONS, judgeIam, judgeVault, VAULT_ACTIONS } from "./judge";
import { Tally } from "./tally";
import type { SimulateOptions, SimulationResult } from "./types";

export function simulateExhaustive(model: AccessModel, options: SimulateOptions = {}): SimulationResult {
  const intentById = new Map<string, IntentPrincipal>();
  for (const env of model.intent.environments) for (const principal of env.principals) intentById.set(principal.id, principal);
  const tally = new Tally(model);
  for (const principal of model.principals) {
    const intent = intentById.get(principal.id);
    for (const location of model.locations) {
      if (principal.kind === "vault" && location.store === "vault") {
        for (const action of VAULT_ACTIONS) tally.record(principal, location, action, judgeVault(principal, intent, location, action));
      } else if (principal.kind === "iam" && location.store === "aws") {
        for (const action of AWS_SECRET_ACTIONS)
          tally.record(principal, location, action, judgeIam(principal, intent, location, action, false));
        if (location.kmsKeyArn)
          for (const action of AWS_KEY_ACTIONS)
            tally.record(principal, location, action, judgeIam(principal, intent, location, action, true));
      }
    }
  }
  return tally.result(options);
}

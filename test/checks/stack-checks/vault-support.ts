import { toSynthStack } from "../../../lib/checks/synth-stack";
import type { CheckRule, SynthStack } from "../../../lib/checks/types";
import { environment, fixture, synthVault, type Doc } from "../../constructs/vault/support";

/** The synthesized Vault side of a fixture environment, as the checks see it. */
export function vaultStack(envName: string, file: "acme.yaml" | "realworld.yaml" = "acme.yaml"): SynthStack {
  const plan = environment(fixture(file), envName);
  return toSynthStack(envName, synthVault(plan).json, { name: envName, production: plan.production });
}

/** A stack from hand-written JSON. */
export function stackOf(json: Doc, production = false, name = "env"): SynthStack {
  return toSynthStack(name, json, { name, production });
}

export function messages(rule: CheckRule, stack: SynthStack): string[] {
  return rule.check(stack).map((f) => f.message);
}

import { toSynthStack } from "../../../lib/checks/synth-stack";
import type { CheckRule, SynthStack } from "../../../lib/checks/types";

/** A stack from resources by type and name, as the synthesized JSON has them. */
export function stackOf(resource: Record<string, Record<string, Record<string, unknown>>>): SynthStack {
  return toSynthStack("prod", { resource }, { name: "prod", production: true });
}

/** Messages of the findings a rule returns, by resource address. */
export function findings(rule: CheckRule, stack: SynthStack): string[] {
  return rule.check(stack).map((f) => `${f.resource?.address ?? stack.name}: ${f.message}`);
}

export function policy(statements: object[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

import type { CheckRule, RuleFinding, SynthStack } from "../types";
import { environmentDescription } from "./vault-stack-facts";

/**
 * Quarantined credentials stay visible at every synth: their consumers' policies deny exactly the
 * paths they used to read, and the data is kept until the owner retires or reinstates them.
 */
export const vaultQuarantineNotice: CheckRule = {
  id: "ETL-VAULT-011",
  severity: "warning",
  description: "Quarantined credentials: consumers denied, data kept",
  fix: "review the credential with its owner: set lifecycle.state back to active, or to retired (with destroyOnRetire to remove its resources)",
  check(stack: SynthStack): RuleFinding[] {
    const description = environmentDescription(stack) as { quarantined?: readonly string[]; environment: string } | undefined;
    return (description?.quarantined ?? []).map((id) => ({
      message: `credential ${id} is quarantined in ${description!.environment}: every consumer policy denies its paths; the data is kept`,
    }));
  },
};

import type { CheckRule, RuleFinding, SynthStack } from "../types";
import { environmentDescription, resourcesOfType } from "./vault-stack-facts";

/**
 * A drill identity (`etl-secrets runbook --drill`: Vault policy `<env>-drill`, identity group
 * `<env>-drillers`, IAM role `<org>-<env>.drill`) rotates and revokes through the stores' APIs, so
 * it exists only where a mistake cannot take production down (TierClass.drillIdentity). Read from
 * the synthesized JSON: a production stack (its declared environment, or the Vault environment
 * description it carries) holding any object with a drill name is an error.
 */
export const noDrillIdentityInProduction: CheckRule = {
  id: "ETL-DRILL-001",
  severity: "error",
  description: "No drill identity (policy, group or role) in a production stack",
  fix: "drills run in non-production environments only; remove the drill identity from the production stack",
  check(stack: SynthStack): RuleFinding[] {
    const production = stack.environment?.production === true || environmentDescription(stack)?.production === true;
    if (!production) return [];
    const findings: RuleFinding[] = [];
    for (const resource of resourcesOfType(stack, "vault_policy")) {
      const name = String(resource.config.name ?? "");
      if (/-drill$/i.test(name)) findings.push({ resource, message: `production stack holds the drill policy ${name}` });
    }
    for (const resource of resourcesOfType(stack, "vault_identity_group")) {
      const name = String(resource.config.name ?? "");
      if (/-drillers$/i.test(name)) findings.push({ resource, message: `production stack holds the drillers group ${name}` });
    }
    for (const resource of resourcesOfType(stack, "aws_iam_role")) {
      const name = String(resource.config.name ?? "");
      if (/\.drill$/i.test(name)) findings.push({ resource, message: `production stack holds the drill role ${name}` });
    }
    return findings;
  },
};

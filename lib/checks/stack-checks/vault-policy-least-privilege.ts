import { parseVaultPolicy } from "../../vault-hcl/policy-document";
import type { CheckRule, RuleFinding, SynthStack } from "../types";
import { environmentDescription, isAuditorMetadataRule, policyText, resourcesOfType } from "./vault-stack-facts";

/**
 * Generated policies name exact paths: no `*` or `+` (a glob reaches past a credential's own path,
 * to credentials created later), and no `sudo`. The one exception is the auditor's metadata-only
 * shapes in the `<env>-auditor` policy (vault-stack-facts.ts), which must see what nobody declared.
 */
export const vaultPolicyLeastPrivilege: CheckRule = {
  id: "ETL-VAULT-006",
  severity: "error",
  description: "Vault policies grant exact paths only, never a glob, never sudo",
  fix: "grant the exact data, metadata or engine path of each credential (lib/policy/vault); administrative sudo belongs to a separate, human-only setup",
  check(stack: SynthStack): RuleFinding[] {
    const findings: RuleFinding[] = [];
    const description = environmentDescription(stack);
    for (const resource of resourcesOfType(stack, "vault_policy")) {
      const name = String(resource.config.name);
      let rules;
      try {
        rules = parseVaultPolicy(name, policyText(resource) ?? "").rules;
      } catch {
        continue; // ETL-VAULT-003 reports policies that do not parse
      }
      for (const rule of rules) {
        if (/[*+]/.test(rule.path) && !isAuditorMetadataRule(description, name, rule))
          findings.push({ resource, message: `policy ${name} grants the pattern "${rule.path}"` });
        if (rule.capabilities.includes("sudo")) findings.push({ resource, message: `policy ${name} grants sudo on "${rule.path}"` });
      }
    }
    return findings;
  },
};

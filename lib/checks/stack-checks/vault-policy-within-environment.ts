import { parseVaultPolicy } from "../../vault-hcl/policy-document";
import type { CheckRule, RuleFinding, SynthStack } from "../types";
import { isDrillAppRoleRule } from "./drill-facts";
import { isOrchestratorMintRule } from "./orchestrator-facts";
import { environmentDescription, isAuditorMetadataRule, policyText, resourcesOfType } from "./vault-stack-facts";

/**
 * Every path of every policy in an environment's stack lies inside the environment: under one of
 * the mounts the stack uses (which, with mount isolation, all carry the environment's prefix).
 * A path of another environment's mount or namespace, `sys/`, or `auth/` is a finding, except the
 * auditor's role listings on the environment's own auth mounts (vault-stack-facts.ts) and the
 * non-production drill's role-id read and secret-id minting of one consumer (drill-facts.ts), and a
 * trusted orchestrator's wrapped, bounded secret-id minting for the roles it lists (orchestrator-facts.ts).
 */
export const vaultPolicyWithinEnvironment: CheckRule = {
  id: "ETL-VAULT-003",
  severity: "error",
  description: "No Vault policy path lies outside its environment's mounts",
  fix: "derive policy paths from the environment plan (lib/policy/vault); a path of another environment needs an explicit, approved exception",
  check(stack: SynthStack): RuleFinding[] {
    const policies = resourcesOfType(stack, "vault_policy");
    if (policies.length === 0) return [];
    const description = environmentDescription(stack);
    if (!description) {
      return policies.map((resource) => ({
        resource,
        message: "the stack holds Vault policies but no etl_vault_environment description to check them against",
      }));
    }
    const mounts = [...description.secret_mounts];
    const prefix = description.isolation === "mount" && description.boundary ? `${description.boundary}/` : "";
    const findings: RuleFinding[] = [];
    for (const resource of policies) {
      const text = policyText(resource);
      const name = String(resource.config.name);
      let rules;
      try {
        rules = parseVaultPolicy(name, text ?? "").rules;
      } catch (error) {
        findings.push({ resource, message: `policy ${name} does not parse: ${(error as Error).message}` });
        continue;
      }
      for (const rule of rules) {
        const inMount = mounts.some((mount) => rule.path === mount || rule.path.startsWith(`${mount}/`));
        const inPrefix = prefix === "" || rule.path.startsWith(prefix);
        if (
          (!inMount || !inPrefix) &&
          !isAuditorMetadataRule(description, name, rule) &&
          !isDrillAppRoleRule(description, name, rule) &&
          !isOrchestratorMintRule(description, name, rule)
        ) {
          findings.push({
            resource,
            message: `policy ${name} addresses "${rule.path}", outside environment ${description.environment} (its mounts: ${mounts.join(", ") || "none"})`,
          });
        }
      }
    }
    return findings;
  },
};

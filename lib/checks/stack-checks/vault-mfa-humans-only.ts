import { vaultObjectNames } from "../../plan/names";
import { HUMAN_LOGIN_METHODS } from "../../inventory/schema/humans";
import type { CheckRule, RuleFinding, SynthStack } from "../types";
import { referencedAddress, resourcesOfType } from "./vault-stack-facts";

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Login MFA challenges people, never machines: every login enforcement names only the
 * environment's human groups (operators, break-glass) and only human auth method types, never
 * accessors or entities (which could be a consumer's or a rotation function's). A production
 * environment with people's access has one enforcement for operators and one for break-glass.
 */
export const vaultMfaHumansOnly: CheckRule = {
  id: "ETL-VAULT-012",
  severity: "error",
  description:
    "Login MFA enforcements name only human groups and human auth method types; production operators and break-glass have one each",
  fix: "keep the enforcements of HumanAccess as synthesized: identity groups <env>-operators / <env>-break-glass and humans.loginMethods only",
  check(stack: SynthStack): RuleFinding[] {
    const findings: RuleFinding[] = [];
    const environment = stack.environment?.name;
    const humanGroups = environment ? [vaultObjectNames.operatorGroup(environment), vaultObjectNames.breakGlassGroup(environment)] : [];
    const groups = new Map(resourcesOfType(stack, "vault_identity_group").map((group) => [group.address, group]));
    const enforced = new Set<string>();
    for (const resource of resourcesOfType(stack, "vault_identity_mfa_login_enforcement")) {
      const name = String(resource.config.name);
      const types = list(resource.config.auth_method_types);
      for (const type of types) {
        if (!(HUMAN_LOGIN_METHODS as readonly unknown[]).includes(type)) {
          findings.push({
            resource,
            message: `login MFA enforcement ${name} names auth method type ${JSON.stringify(type)}, which is not a human login method (${HUMAN_LOGIN_METHODS.join(", ")})`,
          });
        }
      }
      if (list(resource.config.auth_method_accessors).length > 0) {
        findings.push({
          resource,
          message: `login MFA enforcement ${name} names auth mount accessors, which may be machine mounts: name human method types instead`,
        });
      }
      if (list(resource.config.identity_entity_ids).length > 0) {
        findings.push({
          resource,
          message: `login MFA enforcement ${name} names identity entities directly: name the human group instead`,
        });
      }
      const groupIds = list(resource.config.identity_group_ids);
      for (const id of groupIds) {
        const group = groups.get(referencedAddress(id) ?? "");
        const groupName = group ? String(group.config.name) : undefined;
        if (groupName === undefined || !humanGroups.includes(groupName)) {
          findings.push({
            resource,
            message: `login MFA enforcement ${name} names ${groupName === undefined ? "an identity group this stack does not create" : `identity group ${groupName}`}, not a human group of the environment (${humanGroups.join(", ") || "none here"})`,
          });
        } else enforced.add(groupName);
      }
      if (groupIds.length === 0 && types.length === 0) {
        findings.push({
          resource,
          message: `login MFA enforcement ${name} names neither a human group nor a human method type: it would challenge every login, machines included`,
        });
      }
    }
    if (stack.environment?.production) {
      const present = new Set([...groups.values()].map((group) => String(group.config.name)));
      for (const group of humanGroups) {
        if (present.has(group) && !enforced.has(group))
          findings.push({ message: `production identity group ${group} logs in without MFA: no login MFA enforcement names it` });
      }
    }
    return findings;
  },
};

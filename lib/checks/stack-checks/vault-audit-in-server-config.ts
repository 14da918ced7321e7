import type { CheckRule, RuleFinding, SynthStack } from "../types";
import { clusterDescription } from "./vault-stack-facts";

/**
 * OpenBao refuses audit devices created through the API (unless the server opts in), so the
 * cluster's devices are written as a server-configuration stanza beside the stack. Terraform cannot
 * install it: the operator must, and synth says so.
 */
export const vaultAuditInServerConfig: CheckRule = {
  id: "ETL-VAULT-009",
  severity: "warning",
  description: "Audit devices that Terraform cannot create are declared in the server configuration",
  fix: "add the generated stanza (openbao-audit.hcl beside the cluster stack) to every server's configuration and reload the servers",
  check(stack: SynthStack): RuleFinding[] {
    const cluster = clusterDescription(stack);
    if (!cluster) return [];
    return cluster.audit_devices
      .filter((d) => d.declared_in !== "terraform")
      .map((d) => ({
        message: `audit device ${d.type} "${d.path}" of ${cluster.address} (${cluster.edition}) is declared in the ${d.declared_in}, not applied by Terraform`,
      }));
  },
};

import type { CheckRule, RuleFinding, SynthStack } from "../types";
import { clusterDescription, resourcesOfType } from "./vault-stack-facts";

/**
 * Every Vault cluster has at least two audit devices (Vault blocks requests only when every device
 * fails, so one broken sink never silences the log), and none logs raw secrets (`log_raw`).
 */
export const vaultAuditDevices: CheckRule = {
  id: "ETL-VAULT-004",
  severity: "error",
  description: "At least two audit devices per Vault cluster, none with log_raw",
  fix: "keep the cluster stack's audit devices (file and syslog) and never set log_raw",
  check(stack: SynthStack): RuleFinding[] {
    const findings: RuleFinding[] = [];
    const audits = resourcesOfType(stack, "vault_audit");
    for (const resource of audits) {
      const options = (resource.config.options ?? {}) as Record<string, unknown>;
      if (String(options.log_raw) === "true")
        findings.push({ resource, message: `audit device ${String(resource.config.path)} logs raw secrets (log_raw)` });
    }
    const cluster = clusterDescription(stack);
    if (!cluster) return findings;
    const declared = cluster.audit_devices.filter((d) => d.declared_in !== "terraform");
    for (const device of declared) {
      if (device.log_raw === "true")
        findings.push({ message: `audit device ${device.path} (${device.declared_in}) logs raw secrets (log_raw)` });
    }
    const count = audits.length + declared.length;
    if (count < 2) findings.push({ message: `Vault cluster ${cluster.address} has ${count} audit device(s); at least two are needed` });
    return findings;
  },
};

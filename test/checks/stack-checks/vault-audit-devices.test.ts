import { vaultAuditDevices as rule } from "../../../lib/checks/stack-checks/vault-audit-devices";
import { vaultAuditInServerConfig as serverConfig } from "../../../lib/checks/stack-checks/vault-audit-in-server-config";
import { messages, stackOf } from "./vault-support";

const cluster = (devices: object[]) => ({
  etl_vault_cluster: { address: "https://v", edition: "enterprise", production: true, environments: {}, audit_devices: devices },
});
const audit = (path: string, logRaw = "false") => ({ type: "file", path, options: { log_raw: logRaw } });

describe("ETL-VAULT-004 audit devices", () => {
  it("passes two devices without log_raw", () => {
    expect(messages(rule, stackOf({ locals: cluster([]), resource: { vault_audit: { a: audit("file"), b: audit("syslog") } } }))).toEqual(
      [],
    );
  });
  it("fails when a cluster has one audit device", () => {
    expect(messages(rule, stackOf({ locals: cluster([]), resource: { vault_audit: { a: audit("file") } } }))).toEqual([
      expect.stringContaining("has 1 audit device(s)"),
    ]);
  });
  it("fails when a device logs raw secrets", () => {
    expect(
      messages(rule, stackOf({ locals: cluster([]), resource: { vault_audit: { a: audit("file", "true"), b: audit("syslog") } } })),
    ).toEqual([expect.stringContaining("logs raw secrets")]);
  });
  it("counts devices declared in the server configuration, and reports them as a warning", () => {
    const declared = [
      { type: "file", path: "file", log_raw: "false", declared_in: "server configuration (openbao-audit.hcl)" },
      { type: "syslog", path: "syslog", log_raw: "false", declared_in: "server configuration (openbao-audit.hcl)" },
    ];
    const stack = stackOf({ locals: cluster(declared) });
    expect(messages(rule, stack)).toEqual([]);
    expect(serverConfig.severity).toBe("warning");
    expect(messages(serverConfig, stack)).toHaveLength(2);
  });
});

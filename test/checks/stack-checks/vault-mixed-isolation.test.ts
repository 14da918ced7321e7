import { vaultMixedIsolation as rule } from "../../../lib/checks/stack-checks/vault-mixed-isolation";
import { messages, stackOf } from "./vault-support";

const cluster = (environments: object) =>
  stackOf({
    locals: { etl_vault_cluster: { address: "https://v", edition: "enterprise", production: false, environments, audit_devices: [] } },
  });

describe("ETL-VAULT-005 mixed isolation", () => {
  it("warns when a mount-isolated environment shares a cluster with namespaced ones", () => {
    expect(rule.severity).toBe("warning");
    expect(
      messages(rule, cluster({ dev: { isolation: "namespace", boundary: "etl/dev" }, test: { isolation: "mount", boundary: "etl/test" } })),
    ).toEqual([expect.stringContaining("environment test (mounts under etl/test/) lives in the root namespace")]);
  });
  it("is silent when every environment has a namespace, or none has", () => {
    expect(messages(rule, cluster({ dev: { isolation: "namespace", boundary: "etl/dev" } }))).toEqual([]);
    expect(messages(rule, cluster({ a: { isolation: "mount", boundary: "etl/a" }, b: { isolation: "mount", boundary: "etl/b" } }))).toEqual(
      [],
    );
  });
});

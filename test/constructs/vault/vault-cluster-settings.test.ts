import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Audit } from "@cdktf/provider-vault/lib/audit";
import { GenericEndpoint } from "@cdktf/provider-vault/lib/generic-endpoint";
import { TerraformStack, Testing } from "cdktf";
import { VaultClusterSettings } from "../../../lib/constructs/vault/vault-cluster-settings";
import type { VaultClusterPlan } from "../../../lib/plan/types";
import { fixture, plans } from "./support";

function cluster(name: string): VaultClusterPlan {
  const plan = plans(fixture("acme.yaml")).vaultClusters.find((c) => c.stackName === name);
  if (!plan) throw new Error(`no cluster ${name}`);
  return plan;
}

function synthCluster(plan: VaultClusterPlan) {
  const app = Testing.app();
  const stack = new TerraformStack(app, plan.stackName);
  new VaultClusterSettings(stack, "settings", { plan });
  return { stack, synthesized: Testing.synth(stack), json: JSON.parse(Testing.synth(stack)) };
}

describe("VaultClusterSettings", () => {
  it("creates two audit devices (file and syslog), never log_raw, prevent_destroy on a production cluster", () => {
    const { synthesized, json } = synthCluster(cluster("vault-acme-example"));
    expect(synthesized).toHaveResourceWithProperties(Audit, {
      type: "file",
      path: "file",
      options: expect.objectContaining({ log_raw: "false" }),
      lifecycle: { prevent_destroy: true },
    });
    expect(synthesized).toHaveResourceWithProperties(Audit, {
      type: "syslog",
      path: "syslog",
      options: expect.objectContaining({ log_raw: "false" }),
    });
    expect(Object.keys(json.resource.vault_audit)).toHaveLength(2);
  });

  it("pins group policies to the namespace hierarchy on Vault Enterprise", () => {
    const { synthesized } = synthCluster(cluster("vault-acme-example"));
    expect(synthesized).toHaveResourceWithProperties(GenericEndpoint, {
      path: "sys/config/group-policy-application",
      data_json: JSON.stringify({ group_policy_application_mode: "within_namespace_hierarchy" }),
    });
  });

  it("describes the edition and each environment's isolation in a local", () => {
    const { json } = synthCluster(cluster("vault-dev-acme-example"));
    expect(json.locals.etl_vault_cluster.environments).toEqual({
      dev: { isolation: "namespace", boundary: "etl/dev" },
      test: { isolation: "mount", boundary: "etl-test" },
    });
  });

  it("writes OpenBao's audit devices as a server-configuration stanza instead of resources, and skips the Enterprise-only setting", () => {
    const plan: VaultClusterPlan = { ...cluster("vault-acme-example"), edition: "openbao" };
    const app = Testing.app();
    const stack = new TerraformStack(app, plan.stackName);
    new VaultClusterSettings(stack, "settings", { plan });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.resource?.vault_audit).toBeUndefined();
    expect(json.resource?.vault_generic_endpoint).toBeUndefined();
    expect(json.locals.etl_vault_cluster.audit_devices.map((d: { declared_in: string }) => d.declared_in)).toEqual([
      "server configuration (openbao-audit.hcl)",
      "server configuration (openbao-audit.hcl)",
    ]);
    app.synth();
    const file = join(app.outdir, "stacks", plan.stackName, "openbao-audit.hcl");
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, "utf8");
    expect(text).toContain('audit "file" "file" {');
    expect(text).toContain('audit "syslog" "syslog" {');
    expect(text).toContain('log_raw = "false"');
    expect(text).not.toMatch(/log_raw = "true"/);
  });
});

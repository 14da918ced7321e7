import { vaultPolicyWithinEnvironment as rule } from "../../../lib/checks/stack-checks/vault-policy-within-environment";
import { vaultPolicyLeastPrivilege } from "../../../lib/checks/stack-checks/vault-policy-least-privilege";
import { messages, stackOf } from "./vault-support";

/** The exact mint shape of lib/policy/vault/orchestrator-policy.ts, written out by hand. */
const MINT = `path "auth/approle/role/job/secret-id" {
  capabilities = ["update"]
  min_wrapping_ttl = "1s"
  max_wrapping_ttl = "5m"
  allowed_parameters = {
    "metadata" = []
  }
  denied_parameters = {
    "ttl" = []
  }
}
path "auth/approle/role/job/role-id" {
  capabilities = ["read"]
}`;

function stack(
  policy: string,
  name = "prod-orchestrator-airflow",
  orchestrators: Record<string, string[]> = { "prod-orchestrator-airflow": ["job"] },
) {
  return stackOf(
    {
      locals: {
        etl_vault_environment: {
          environment: "prod",
          production: true,
          isolation: "namespace",
          boundary: "etl/prod",
          secret_mounts: ["kv"],
          auth_mounts: ["approle", "kubernetes"],
          orchestrators,
        },
      },
      resource: { vault_policy: { p: { name, policy } } },
    },
    true,
  );
}

describe("ETL-VAULT-003 and a trusted orchestrator's mints", () => {
  it("accepts the exact mint shape for a role the description lists with the policy", () => {
    expect(messages(rule, stack(MINT))).toEqual([]);
    expect(messages(vaultPolicyLeastPrivilege, stack(MINT))).toEqual([]);
  });

  it("refuses the shape in a policy the description does not list as an orchestrator's", () => {
    expect(messages(rule, stack(MINT, "prod-consumer-job"))).toHaveLength(2);
  });

  it("refuses a role the orchestrator does not list", () => {
    expect(messages(rule, stack(MINT.split("role/job/").join("role/other/")))).toHaveLength(2);
  });

  it.each([
    ["no wrapping", (p: string) => p.replace('  min_wrapping_ttl = "1s"\n  max_wrapping_ttl = "5m"\n', "")],
    ["no minimum (unwrapped mints pass)", (p: string) => p.replace('  min_wrapping_ttl = "1s"\n', "")],
    ["a maximum beyond 5 minutes", (p: string) => p.replace('"5m"', '"6m"')],
    [
      "no allowed_parameters (ttl, num_uses, cidr_list pass)",
      (p: string) => p.replace('  allowed_parameters = {\n    "metadata" = []\n  }\n', ""),
    ],
    ["num_uses allowed", (p: string) => p.replace('"metadata" = []', '"metadata" = []\n    "num_uses" = []')],
    ["every parameter allowed", (p: string) => p.replace('"metadata" = []', '"*" = []')],
    ["a second capability", (p: string) => p.replace('capabilities = ["update"]', 'capabilities = ["create", "update"]')],
    ["a pattern for the role", (p: string) => p.replace('"auth/approle/role/job/secret-id"', '"auth/approle/role/+/secret-id"')],
    ["the role-id written to", (p: string) => p.replace('capabilities = ["read"]', 'capabilities = ["read", "update"]')],
  ])("refuses anything wider: %s", (_what, widen) => {
    const wider = widen(MINT);
    expect(wider).not.toEqual(MINT);
    expect(messages(rule, stack(wider))).toHaveLength(1);
  });

  it("refuses the mint shape on another environment's or an unknown auth mount", () => {
    expect(messages(rule, stack(MINT.split("auth/approle/").join("auth/etl-dev/approle/")))).toHaveLength(2);
  });
});

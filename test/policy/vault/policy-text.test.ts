import { parse } from "@cdktf/hcl2json";
import { parseVaultPolicy } from "../../../lib/vault-hcl/policy-document";
import { evaluateVault } from "../../../lib/analysis/vault/policy-evaluator";
import { mergeRules, renderVaultPolicy } from "../../../lib/policy/vault/policy-text";

describe("renderVaultPolicy", () => {
  const document = {
    name: "prod-consumer-x",
    header: ["environment prod", "service account x"],
    rules: [
      { path: "kv/metadata/connectors/b/main", capabilities: ["read"] as const },
      { path: "kv/data/connectors/b/main", capabilities: ["patch", "read", "update"] as const },
      { path: "database/creds/a-main-x", capabilities: ["read"] as const, controlGroup: { group: "leads", approvals: 2 } },
    ],
  };

  it("sorts paths, orders capabilities as Vault documents them and names the policy in a header", () => {
    const text = renderVaultPolicy(document);
    expect(text.split("\n").slice(0, 3)).toEqual(["# Vault policy prod-consumer-x", "# environment prod", "# service account x"]);
    const paths = [...text.matchAll(/^path "([^"]+)"/gm)].map((m) => m[1]);
    expect(paths).toEqual(["database/creds/a-main-x", "kv/data/connectors/b/main", "kv/metadata/connectors/b/main"]);
    expect(text).toContain('capabilities = ["read", "update", "patch"]');
  });

  it("renders the same bytes whatever order the rules come in", () => {
    const reversed = { ...document, rules: [...document.rules].reverse() };
    expect(renderVaultPolicy(reversed)).toBe(renderVaultPolicy(document));
  });

  it("parses with @cdktf/hcl2json, control group included", async () => {
    const parsed = await parse("policy.hcl", renderVaultPolicy(document));
    expect(Object.keys(parsed.path).sort()).toEqual([
      "database/creds/a-main-x",
      "kv/data/connectors/b/main",
      "kv/metadata/connectors/b/main",
    ]);
    expect(parsed.path["database/creds/a-main-x"][0].control_group[0].factor.approvers[0].identity[0]).toEqual({
      approvals: 2,
      group_names: ["leads"],
    });
  });

  it("parses with the Vault policy reader and grants exactly what it lists", () => {
    const policy = parseVaultPolicy("p", renderVaultPolicy(document));
    expect(evaluateVault([policy], "kv/data/connectors/b/main", "update").allowed).toBe(true);
    expect(evaluateVault([policy], "kv/data/connectors/b/main", "delete").allowed).toBe(false);
    expect(evaluateVault([policy], "kv/data/connectors/b/other", "read").allowed).toBe(false);
  });
});

describe("mergeRules", () => {
  it("unites capabilities of an identical path, and deny leaves only deny", () => {
    expect(
      mergeRules([
        { path: "a", capabilities: ["read"] },
        { path: "a", capabilities: ["update"] },
      ]),
    ).toEqual([{ path: "a", capabilities: ["read", "update"], controlGroup: undefined, comment: undefined }]);
    expect(
      mergeRules([
        { path: "a", capabilities: ["read"] },
        { path: "a", capabilities: ["deny"], comment: "quarantined" },
      ])[0],
    ).toMatchObject({
      capabilities: ["deny"],
      comment: "quarantined",
    });
  });

  it("never renders a control group on a denied path", () => {
    const text = renderVaultPolicy({
      name: "p",
      header: [],
      rules: [{ path: "a", capabilities: ["deny"], controlGroup: { group: "g", approvals: 1 } }],
    });
    expect(text).not.toContain("control_group");
  });
});

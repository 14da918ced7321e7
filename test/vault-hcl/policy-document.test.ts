import { parseVaultPolicy, parseVaultPolicyRules, VaultPolicyParseError } from "../../lib/vault-hcl/policy-document";

describe("parseVaultPolicyRules", () => {
  it("reads the literal HCL the library emits", () => {
    const text = `path "kv/data/etl/dev/pg/cred" {\n  capabilities = ["read"]\n}\n`;

    expect(parseVaultPolicyRules(text)).toEqual([{ path: "kv/data/etl/dev/pg/cred", capabilities: ["read"] }]);
  });

  it("keeps document order and skips every comment style", () => {
    const text = `
# consumer: loader
path "kv/data/a" { capabilities = ["read", "list"] } // trailing comment
/* a block
   comment */
path "kv/metadata/a" {
  capabilities = ["list",]
}`;

    expect(parseVaultPolicyRules(text)).toEqual([
      { path: "kv/data/a", capabilities: ["read", "list"] },
      { path: "kv/metadata/a", capabilities: ["list"] },
    ]);
  });

  it("ignores Enterprise control groups and reads parameter and wrapping constraints", () => {
    const text = `
path "kv/data/prod/pg" {
  capabilities = ["read"]
  control_group = {
    factor "ops_manager" {
      identity {
        group_names = ["managers"]
        approvals = 1
      }
    }
    ttl = "4h"
  }
}
path "secret/restricted" {
  capabilities = ["create"]
  required_parameters = ["foo"]
  allowed_parameters = {
    "foo" = []
    "bar" = ["zip", "zap"]
  }
  denied_parameters = { "*" = [] }
  min_wrapping_ttl = "1s"
  max_wrapping_ttl = "90s"
}`;

    expect(parseVaultPolicyRules(text)).toEqual([
      { path: "kv/data/prod/pg", capabilities: ["read"] },
      {
        path: "secret/restricted",
        capabilities: ["create"],
        requiredParameters: ["foo"],
        allowedParameters: { foo: [], bar: ["zip", "zap"] },
        deniedParameters: { "*": [] },
        minWrappingTtlSeconds: 1,
        maxWrappingTtlSeconds: 90,
      },
    ]);
  });

  it("reads the JSON form of a policy", () => {
    const text = JSON.stringify({ path: { "kv/data/a": { capabilities: ["read"] }, "kv/*": { capabilities: ["deny"] } } });

    expect(parseVaultPolicyRules(text)).toEqual([
      { path: "kv/data/a", capabilities: ["read"] },
      { path: "kv/*", capabilities: ["deny"] },
    ]);
  });

  it("treats a path without capabilities as granting nothing", () => {
    expect(parseVaultPolicyRules(`path "kv/x" { mfa_methods = ["totp"] }`)).toEqual([{ path: "kv/x", capabilities: [] }]);
  });

  it("names the policy, line and path of an unknown capability", () => {
    const text = `path "kv/a" {\n  capabilities = ["read"]\n}\npath "kv/b" {\n  capabilities = ["reed"]\n}`;

    expect(() => parseVaultPolicy("loader", text)).toThrow(
      'policy "loader", line 5: path "kv/b": capability "reed" is not one of create, read, update, patch, delete, list, sudo, subscribe, scan, deny',
    );
  });

  it("names line and column of a syntax error", () => {
    const text = `path "kv/a" {\n  capabilities = ["read"\n}`;

    expect(() => parseVaultPolicyRules(text)).toThrow(new VaultPolicyParseError(undefined, 3, 'expected "," or "]" in list, got "}"', 1));
  });

  it("refuses the legacy policy shorthand instead of guessing what it grants", () => {
    expect(() => parseVaultPolicyRules(`path "kv/a" { policy = "write" }`)).toThrow(/legacy "policy" shorthand is not supported/);
  });

  it("refuses keys Vault would refuse", () => {
    expect(() => parseVaultPolicyRules(`paths "kv/a" { capabilities = ["read"] }`)).toThrow(/unexpected top-level key "paths kv\/a"/);
    expect(() => parseVaultPolicyRules(`path "kv/a" { capabilites = ["read"] }`)).toThrow(/path "kv\/a": unexpected key "capabilites"/);
  });

  it("refuses capabilities that are not a list of strings", () => {
    expect(() => parseVaultPolicyRules(`path "kv/a" { capabilities = "read" }`)).toThrow(/"capabilities" must be a list of strings/);
  });

  it("reports an unterminated string", () => {
    expect(() => parseVaultPolicyRules(`path "kv/a { capabilities = ["read"] }`)).toThrow("line 1, column 35: unterminated string");
  });
});

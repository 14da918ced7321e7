// Rows from Vault's policy documentation (min/max_wrapping_ttl, allowed/denied/required_parameters)
// and vault/acl.go's merge of identical patterns: the evaluator judges wrapping and parameters as
// Vault does, so an orchestrator's mint shape is proven on the policy text, not assumed.
import { parseVaultPolicy, VaultPolicyParseError } from "../../../lib/vault-hcl/policy-document";
import { evaluateVault, type VaultRequestShape } from "../../../lib/analysis/vault/policy-evaluator";

const MINT = `
path "auth/approle/role/job/secret-id" {
  capabilities = ["update"]
  min_wrapping_ttl = "1s"
  max_wrapping_ttl = "5m"
  allowed_parameters = {
    "metadata" = []
  }
  denied_parameters = {
    "num_uses" = []
    "ttl" = []
  }
}`;
const PATH = "auth/approle/role/job/secret-id";

interface Row {
  readonly name: string;
  readonly policies: readonly string[];
  readonly request?: VaultRequestShape;
  readonly allowed: boolean;
  readonly reason?: RegExp;
}

const rows: Row[] = [
  { name: "wrapped within the bounds, no data: allowed", policies: [MINT], request: { wrapTtlSeconds: 60 }, allowed: true },
  { name: "wrapped at the minimum: allowed", policies: [MINT], request: { wrapTtlSeconds: 1 }, allowed: true },
  { name: "wrapped at the maximum: allowed", policies: [MINT], request: { wrapTtlSeconds: 300 }, allowed: true },
  {
    name: "not wrapped: refused (min_wrapping_ttl makes wrapping mandatory)",
    policies: [MINT],
    request: {},
    allowed: false,
    reason: /must be wrapped/,
  },
  {
    name: "wrapped beyond the maximum: refused",
    policies: [MINT],
    request: { wrapTtlSeconds: 301 },
    allowed: false,
    reason: /above max_wrapping_ttl/,
  },
  {
    name: "wrapped below the minimum: refused",
    policies: [MINT],
    request: { wrapTtlSeconds: 0.5 },
    allowed: false,
    reason: /below min_wrapping_ttl/,
  },
  {
    name: "an allowed parameter with any value: allowed",
    policies: [MINT],
    request: { wrapTtlSeconds: 60, data: { metadata: '{"run":"x"}' } },
    allowed: true,
  },
  {
    name: "a parameter name is compared lower-cased: allowed",
    policies: [MINT],
    request: { wrapTtlSeconds: 60, data: { METADATA: "x" } },
    allowed: true,
  },
  {
    name: "a denied parameter: refused",
    policies: [MINT],
    request: { wrapTtlSeconds: 60, data: { num_uses: 0 } },
    allowed: false,
    reason: /"num_uses" is denied/,
  },
  {
    name: "a parameter not in allowed_parameters: refused",
    policies: [MINT],
    request: { wrapTtlSeconds: 60, data: { cidr_list: "0.0.0.0/0" } },
    allowed: false,
    reason: /not allowed/,
  },
  { name: "no request shape: the most permissive request (wrapped within the bounds) is allowed", policies: [MINT], allowed: true },
  {
    name: "allowed values: a value outside the list is refused",
    policies: ['path "p" {\n capabilities = ["update"]\n allowed_parameters = { "role" = ["reader", "dev-*"] }\n}'],
    request: { data: { role: "admin" } },
    allowed: false,
  },
  {
    name: "allowed values: a prefix glob matches",
    policies: ['path "p" {\n capabilities = ["update"]\n allowed_parameters = { "role" = ["reader", "dev-*"] }\n}'],
    request: { data: { role: "dev-a" } },
    allowed: true,
  },
  {
    name: "denied_parameters * refuses any parameter, but not a request without data",
    policies: ['path "p" {\n capabilities = ["update"]\n denied_parameters = { "*" = [] }\n}'],
    request: {},
    allowed: true,
  },
  {
    name: "denied_parameters * refuses a request with data",
    policies: ['path "p" {\n capabilities = ["update"]\n denied_parameters = { "*" = [] }\n}'],
    request: { data: { x: 1 } },
    allowed: false,
  },
  {
    name: "required_parameters: missing one is refused",
    policies: ['path "p" {\n capabilities = ["update"]\n required_parameters = ["name"]\n}'],
    request: { data: { other: "x" } },
    allowed: false,
    reason: /required parameter "name"/,
  },
  {
    name: "merge: two set maximums keep the lower one (vault/acl.go)",
    policies: [
      'path "p" {\n capabilities = ["update"]\n max_wrapping_ttl = 600\n}',
      'path "p" {\n capabilities = ["read"]\n max_wrapping_ttl = "2m"\n}',
    ],
    request: { wrapTtlSeconds: 300 },
    allowed: false,
  },
  {
    name: "merge: a policy without bounds does not lift another's bounds",
    policies: ['path "p" {\n capabilities = ["update"]\n min_wrapping_ttl = "1s"\n}', 'path "p" {\n capabilities = ["update"]\n}'],
    request: {},
    allowed: false,
  },
  {
    name: "merge: an empty allowed list (any value) wins over a value list",
    policies: [
      'path "p" {\n capabilities = ["update"]\n allowed_parameters = { "a" = ["x"] }\n}',
      'path "p" {\n capabilities = ["update"]\n allowed_parameters = { "a" = [] }\n}',
    ],
    request: { data: { a: "y" } },
    allowed: true,
  },
  {
    name: "merge: allowed names of two policies are united",
    policies: [
      'path "p" {\n capabilities = ["update"]\n allowed_parameters = { "a" = [] }\n}',
      'path "p" {\n capabilities = ["update"]\n allowed_parameters = { "b" = [] }\n}',
    ],
    request: { data: { a: 1, b: 2 } },
    allowed: true,
  },
  {
    name: "merge: a deny on the identical pattern takes everything, constraints included",
    policies: [MINT, `path "${PATH}" {\n capabilities = ["deny"]\n}`],
    request: { wrapTtlSeconds: 60 },
    allowed: false,
    reason: /deny/,
  },
  {
    name: "read operations are judged on parameters too (Vault checks read, create, update, patch)",
    policies: ['path "p" {\n capabilities = ["read"]\n allowed_parameters = { "a" = [] }\n}'],
    request: { data: { b: 1 } },
    allowed: false,
  },
];

describe("Vault wrapping and parameter constraints", () => {
  it.each(rows)("$name", ({ policies, request, allowed, reason }) => {
    const parsed = policies.map((text, i) => parseVaultPolicy(`p${i}`, text));
    const path = policies[0] === MINT ? PATH : "p";
    const capability = policies.every((t) => t.includes('["read"]')) ? "read" : "update";
    const decision = evaluateVault(parsed, path, capability, request);
    expect(decision.allowed).toBe(allowed);
    if (reason) expect(decision.reason).toMatch(reason);
  });

  it("parses durations as Vault does: seconds, Go durations and days", () => {
    const rule = (value: string) =>
      parseVaultPolicy("p", `path "p" {\n capabilities = ["update"]\n max_wrapping_ttl = ${value}\n}`).rules[0].maxWrappingTtlSeconds;
    expect(rule("300")).toBe(300);
    expect(rule('"300"')).toBe(300);
    expect(rule('"5m"')).toBe(300);
    expect(rule('"1h30m"')).toBe(5400);
    expect(rule('"1d"')).toBe(86400);
  });

  it("refuses a path whose maximum is below its minimum, as Vault does", () => {
    expect(() =>
      parseVaultPolicy("p", 'path "p" {\n capabilities = ["update"]\n min_wrapping_ttl = "10m"\n max_wrapping_ttl = "1m"\n}'),
    ).toThrow(VaultPolicyParseError);
  });

  it("refuses a duration it cannot read", () => {
    expect(() => parseVaultPolicy("p", 'path "p" {\n capabilities = ["update"]\n min_wrapping_ttl = "soon"\n}')).toThrow(/not a duration/);
  });

  it("a policy without constraints decides as before: allowed with or without wrapping", () => {
    const parsed = [parseVaultPolicy("p", 'path "kv/data/x" {\n capabilities = ["read"]\n}')];
    expect(evaluateVault(parsed, "kv/data/x", "read", {}).allowed).toBe(true);
    expect(evaluateVault(parsed, "kv/data/x", "read", { wrapTtlSeconds: 60 }).allowed).toBe(true);
  });
});

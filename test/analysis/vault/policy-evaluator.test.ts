// Rows written from Vault's policy documentation (concepts/policies, restated in
// shared/design/VAULT-POLICY.md): globs, `+` segments, priority rules a–e, merging, deny, list.
import type { Capability, PolicyCapability } from "../../../lib/vault-hcl/capabilities";
import { parseVaultPolicy } from "../../../lib/vault-hcl/policy-document";
import { evaluateVault, evaluateVaultInNamespace } from "../../../lib/analysis/vault/policy-evaluator";

type RuleSpec = readonly [path: string, capabilities: readonly PolicyCapability[]];

interface Row {
  readonly name: string;
  /** Policy name → its path rules; rendered to HCL so every row also goes through the parser. */
  readonly policies: Readonly<Record<string, readonly RuleSpec[]>>;
  readonly path: string;
  readonly capability: Capability;
  readonly allowed: boolean;
  /** When set, the pattern that must have decided. */
  readonly decidedBy?: string;
  readonly namespace?: { readonly token: string; readonly request: string };
}

const CRUDL: readonly PolicyCapability[] = ["create", "read", "update", "patch", "delete", "list"];

function toHcl(rules: readonly RuleSpec[]): string {
  return rules
    .map(([path, capabilities]) => `path "${path}" {\n  capabilities = [${capabilities.map((c) => `"${c}"`).join(", ")}]\n}`)
    .join("\n\n");
}

const rows: Row[] = [
  // Deny by default
  { name: "no policies: nothing is allowed", policies: {}, path: "secret/foo", capability: "read", allowed: false },
  {
    name: "no pattern matches: denied",
    policies: { p: [["secret/foo", ["read"]]] },
    path: "other/foo",
    capability: "read",
    allowed: false,
  },

  // The documentation's first example: broad grant, exact deny
  {
    name: "docs: secret/* grants read",
    policies: {
      p: [
        ["secret/*", CRUDL],
        ["secret/super-secret", ["deny"]],
      ],
    },
    path: "secret/foo",
    capability: "read",
    allowed: true,
    decidedBy: "secret/*",
  },
  {
    name: "docs: exact deny on secret/super-secret wins",
    policies: {
      p: [
        ["secret/*", CRUDL],
        ["secret/super-secret", ["deny"]],
      ],
    },
    path: "secret/super-secret",
    capability: "read",
    allowed: false,
    decidedBy: "secret/super-secret",
  },
  {
    name: "docs: exact deny does not cover children",
    policies: {
      p: [
        ["secret/*", CRUDL],
        ["secret/super-secret", ["deny"]],
      ],
    },
    path: "secret/super-secret/child",
    capability: "read",
    allowed: true,
    decidedBy: "secret/*",
  },

  // Exact patterns
  { name: "exact: the path itself", policies: { p: [["secret/foo", ["read"]]] }, path: "secret/foo", capability: "read", allowed: true },
  {
    name: "exact: not a longer name",
    policies: { p: [["secret/foo", ["read"]]] },
    path: "secret/food",
    capability: "read",
    allowed: false,
  },
  { name: "exact: not a child", policies: { p: [["secret/foo", ["read"]]] }, path: "secret/foo/bar", capability: "read", allowed: false },
  {
    name: "exact: only the listed capability",
    policies: { p: [["secret/foo", ["read"]]] },
    path: "secret/foo",
    capability: "update",
    allowed: false,
  },
  {
    name: "exact: leading slash on the request is ignored",
    policies: { p: [["secret/foo", ["read"]]] },
    path: "/secret/foo",
    capability: "read",
    allowed: true,
  },

  // Trailing * is a prefix glob
  {
    name: "glob: secret/bar/* matches a child",
    policies: { p: [["secret/bar/*", ["read"]]] },
    path: "secret/bar/zip",
    capability: "read",
    allowed: true,
  },
  {
    name: "glob: secret/bar/* matches a grandchild",
    policies: { p: [["secret/bar/*", ["read"]]] },
    path: "secret/bar/zip/zap",
    capability: "read",
    allowed: true,
  },
  {
    name: "glob: secret/bar/* does not match secret/bars/zip",
    policies: { p: [["secret/bar/*", ["read"]]] },
    path: "secret/bars/zip",
    capability: "read",
    allowed: false,
  },
  {
    name: "glob: secret/bar/* does not match secret/bar",
    policies: { p: [["secret/bar/*", ["read"]]] },
    path: "secret/bar",
    capability: "read",
    allowed: false,
  },
  {
    name: "glob: secret/zip-* matches secret/zip-zap",
    policies: { p: [["secret/zip-*", ["read"]]] },
    path: "secret/zip-zap",
    capability: "read",
    allowed: true,
  },
  {
    name: "glob: secret/zip-* matches across segments",
    policies: { p: [["secret/zip-*", ["read"]]] },
    path: "secret/zip-zap/zong",
    capability: "read",
    allowed: true,
  },
  {
    name: "glob: secret/zip-* does not match secret/zip/zap",
    policies: { p: [["secret/zip-*", ["read"]]] },
    path: "secret/zip/zap",
    capability: "read",
    allowed: false,
  },
  {
    name: "glob: secret/foo* also matches secret/foobar",
    policies: { p: [["secret/foo*", ["read"]]] },
    path: "secret/foobar",
    capability: "read",
    allowed: true,
  },
  {
    name: "glob: * inside a pattern is literal, not a glob",
    policies: { p: [["secret/*/foo", ["read"]]] },
    path: "secret/x/foo",
    capability: "read",
    allowed: false,
  },
  {
    name: "glob: * inside a pattern matches only itself",
    policies: { p: [["secret/*/foo", ["read"]]] },
    path: "secret/*/foo",
    capability: "read",
    allowed: true,
  },

  // + matches exactly one segment
  {
    name: "plus: secret/+/teamb matches one segment",
    policies: { p: [["secret/+/teamb", ["read"]]] },
    path: "secret/foo/teamb",
    capability: "read",
    allowed: true,
  },
  {
    name: "plus: secret/+/teamb does not match two segments",
    policies: { p: [["secret/+/teamb", ["read"]]] },
    path: "secret/foo/bar/teamb",
    capability: "read",
    allowed: false,
  },
  {
    name: "plus: secret/+/teamb needs the segment",
    policies: { p: [["secret/+/teamb", ["read"]]] },
    path: "secret/teamb",
    capability: "read",
    allowed: false,
  },
  {
    name: "plus: without a trailing * the segment count must be equal",
    policies: { p: [["secret/+/teamb", ["read"]]] },
    path: "secret/foo/teamb/x",
    capability: "read",
    allowed: false,
  },
  {
    name: "plus: secret/+/+/teamb matches two segments",
    policies: { p: [["secret/+/+/teamb", ["read"]]] },
    path: "secret/foo/bar/teamb",
    capability: "read",
    allowed: true,
  },
  {
    name: "plus: secret/+/+/teamb does not match one segment",
    policies: { p: [["secret/+/+/teamb", ["read"]]] },
    path: "secret/foo/teamb",
    capability: "read",
    allowed: false,
  },
  {
    name: "plus with glob: secret/+/team* matches deeper paths",
    policies: { p: [["secret/+/team*", ["read"]]] },
    path: "secret/a/teamb/x",
    capability: "read",
    allowed: true,
  },
  {
    name: "plus with glob: the literal part still has to match",
    policies: { p: [["secret/+/team*", ["read"]]] },
    path: "secret/a/other",
    capability: "read",
    allowed: false,
  },
  {
    name: "plus with glob: secret/+/* needs a segment after the +",
    policies: { p: [["secret/+/*", ["read"]]] },
    path: "secret/a",
    capability: "read",
    allowed: false,
  },
  {
    name: "plus with glob: secret/+/* matches below it",
    policies: { p: [["secret/+/*", ["read"]]] },
    path: "secret/a/b/c",
    capability: "read",
    allowed: true,
  },

  // Rule a: a pattern whose first wildcard comes earlier is lower priority
  {
    name: "rule a: secret/data/* beats secret/* (deny)",
    policies: {
      p: [
        ["secret/*", ["deny"]],
        ["secret/data/*", ["read"]],
      ],
    },
    path: "secret/data/x",
    capability: "read",
    allowed: true,
    decidedBy: "secret/data/*",
  },
  {
    name: "rule a: secret/foo/* (deny) beats secret/+/bar",
    policies: {
      p: [
        ["secret/+/bar", ["read"]],
        ["secret/foo/*", ["deny"]],
      ],
    },
    path: "secret/foo/bar",
    capability: "read",
    allowed: false,
    decidedBy: "secret/foo/*",
  },
  {
    name: "rule a: secret/foo/* (read) beats secret/+/bar (deny)",
    policies: {
      p: [
        ["secret/+/bar", ["deny"]],
        ["secret/foo/*", ["read"]],
      ],
    },
    path: "secret/foo/bar",
    capability: "read",
    allowed: true,
    decidedBy: "secret/foo/*",
  },
  {
    name: "rule a: foo/a* beats foo/+",
    policies: {
      p: [
        ["foo/a*", ["read"]],
        ["foo/+", ["deny"]],
      ],
    },
    path: "foo/ab",
    capability: "read",
    allowed: true,
    decidedBy: "foo/a*",
  },
  {
    name: "rule a: the longer of two globs wins",
    policies: {
      p: [
        ["kv/*", ["read", "update"]],
        ["kv/data/*", ["read"]],
      ],
    },
    path: "kv/data/app",
    capability: "update",
    allowed: false,
    decidedBy: "kv/data/*",
  },

  // Rule b: a pattern ending in * is lower priority than one that does not
  {
    name: "rule b: secret/+/bar beats secret/+/ba* (deny)",
    policies: {
      p: [
        ["secret/+/bar", ["read"]],
        ["secret/+/ba*", ["deny"]],
      ],
    },
    path: "secret/x/bar",
    capability: "read",
    allowed: true,
    decidedBy: "secret/+/bar",
  },
  {
    name: "rule b: secret/+/bar (deny) beats secret/+/ba*",
    policies: {
      p: [
        ["secret/+/bar", ["deny"]],
        ["secret/+/ba*", ["read"]],
      ],
    },
    path: "secret/x/bar",
    capability: "read",
    allowed: false,
    decidedBy: "secret/+/bar",
  },
  {
    name: "rule b: the glob still decides where the + pattern does not match",
    policies: {
      p: [
        ["secret/+/bar", ["deny"]],
        ["secret/+/ba*", ["read"]],
      ],
    },
    path: "secret/x/baz",
    capability: "read",
    allowed: true,
    decidedBy: "secret/+/ba*",
  },
  {
    name: "rule b: foo/+ beats foo/*",
    policies: {
      p: [
        ["foo/+", ["read"]],
        ["foo/*", ["deny"]],
      ],
    },
    path: "foo/x",
    capability: "read",
    allowed: true,
    decidedBy: "foo/+",
  },
  {
    name: "rule b: foo/* decides below one segment",
    policies: {
      p: [
        ["foo/+", ["read"]],
        ["foo/*", ["deny"]],
      ],
    },
    path: "foo/x/y",
    capability: "read",
    allowed: false,
    decidedBy: "foo/*",
  },

  // Rule c: more + segments is lower priority
  {
    name: "rule c (docs): secret/* beats secret/+/+/foo/*",
    policies: {
      p: [
        ["secret/*", ["read"]],
        ["secret/+/+/foo/*", ["deny"]],
      ],
    },
    path: "secret/a/b/foo/c",
    capability: "read",
    allowed: true,
    decidedBy: "secret/*",
  },
  {
    name: "rule c (docs): secret/* (deny) beats secret/+/+/foo/*",
    policies: {
      p: [
        ["secret/*", ["deny"]],
        ["secret/+/+/foo/*", ["read"]],
      ],
    },
    path: "secret/a/b/foo/c",
    capability: "read",
    allowed: false,
    decidedBy: "secret/*",
  },
  {
    name: "rule c: foo/+/bar/baz beats foo/+/+/baz",
    policies: {
      p: [
        ["foo/+/+/baz", ["deny"]],
        ["foo/+/bar/baz", ["read"]],
      ],
    },
    path: "foo/x/bar/baz",
    capability: "read",
    allowed: true,
    decidedBy: "foo/+/bar/baz",
  },

  // Rule d: a shorter pattern is lower priority
  {
    name: "rule d: foo/+/bar/ba* beats foo/+/bar/b*",
    policies: {
      p: [
        ["foo/+/bar/ba*", ["read"]],
        ["foo/+/bar/b*", ["deny"]],
      ],
    },
    path: "foo/x/bar/baz",
    capability: "read",
    allowed: true,
    decidedBy: "foo/+/bar/ba*",
  },
  {
    name: "rule d: foo/+/bar/ba* (deny) beats foo/+/bar/b*",
    policies: {
      p: [
        ["foo/+/bar/ba*", ["deny"]],
        ["foo/+/bar/b*", ["read"]],
      ],
    },
    path: "foo/x/bar/baz",
    capability: "read",
    allowed: false,
    decidedBy: "foo/+/bar/ba*",
  },

  // Rule e: the lexicographically smaller pattern is lower priority
  {
    name: "rule e: +/x/+ beats +/+/y",
    policies: {
      p: [
        ["+/x/+", ["read"]],
        ["+/+/y", ["deny"]],
      ],
    },
    path: "a/x/y",
    capability: "read",
    allowed: true,
    decidedBy: "+/x/+",
  },
  {
    name: "rule e: +/x/+ (deny) beats +/+/y",
    policies: {
      p: [
        ["+/x/+", ["deny"]],
        ["+/+/y", ["read"]],
      ],
    },
    path: "a/x/y",
    capability: "read",
    allowed: false,
    decidedBy: "+/x/+",
  },

  // Identical patterns merge across policies
  {
    name: "union: read from one policy",
    policies: { a: [["kv/data/app", ["read"]]], b: [["kv/data/app", ["update"]]] },
    path: "kv/data/app",
    capability: "read",
    allowed: true,
  },
  {
    name: "union: update from the other policy",
    policies: { a: [["kv/data/app", ["read"]]], b: [["kv/data/app", ["update"]]] },
    path: "kv/data/app",
    capability: "update",
    allowed: true,
  },
  {
    name: "union: a deny in either policy denies the pattern",
    policies: { a: [["kv/data/app", ["read"]]], b: [["kv/data/app", ["deny"]]] },
    path: "kv/data/app",
    capability: "read",
    allowed: false,
  },
  {
    name: "union: identical globs merge too",
    policies: { a: [["kv/*", ["read"]]], b: [["kv/*", ["list"]]] },
    path: "kv/x",
    capability: "list",
    allowed: true,
  },
  {
    name: "union: the same pattern twice in one policy merges",
    policies: {
      a: [
        ["kv/data/app", ["read"]],
        ["kv/data/app", ["patch"]],
      ],
    },
    path: "kv/data/app",
    capability: "patch",
    allowed: true,
  },
  {
    name: "union: exact kv/x and glob kv/x* are different patterns",
    policies: { a: [["kv/x", ["read"]]], b: [["kv/x*", ["deny"]]] },
    path: "kv/x",
    capability: "read",
    allowed: true,
    decidedBy: "kv/x",
  },

  // Deny only within the winning pattern
  {
    name: "deny on a broad glob does not override an exact allow",
    policies: { a: [["secret/*", ["deny"]]], b: [["secret/data/app", ["read"]]] },
    path: "secret/data/app",
    capability: "read",
    allowed: true,
    decidedBy: "secret/data/app",
  },
  {
    name: "deny on a broad glob does not override a narrower glob allow",
    policies: { a: [["secret/*", ["deny"]]], b: [["secret/data/app/*", ["read"]]] },
    path: "secret/data/app/cfg",
    capability: "read",
    allowed: true,
  },
  {
    name: "deny on a narrower glob overrides a broad allow",
    policies: {
      a: [
        ["kv/*", ["read"]],
        ["kv/data/prod/*", ["deny"]],
      ],
    },
    path: "kv/data/prod/x",
    capability: "read",
    allowed: false,
  },
  {
    name: "the broad allow still applies next to the narrower deny",
    policies: {
      a: [
        ["kv/*", ["read"]],
        ["kv/data/prod/*", ["deny"]],
      ],
    },
    path: "kv/data/dev/x",
    capability: "read",
    allowed: true,
  },
  {
    name: "a specific pattern without the capability blocks a broad grant",
    policies: {
      a: [
        ["kv/*", ["read", "update"]],
        ["kv/data/app", ["read"]],
      ],
    },
    path: "kv/data/app",
    capability: "update",
    allowed: false,
  },
  {
    name: "a specific pattern with no capabilities blocks a broad grant",
    policies: {
      a: [
        ["kv/*", ["read"]],
        ["kv/data/app", []],
      ],
    },
    path: "kv/data/app",
    capability: "read",
    allowed: false,
  },

  // sudo and deny
  {
    name: "sudo: granted where listed",
    policies: { a: [["sys/audit/*", ["sudo", "update"]]] },
    path: "sys/audit/file",
    capability: "sudo",
    allowed: true,
  },
  {
    name: "sudo: deny beats sudo on the merged pattern",
    policies: { a: [["sys/audit/*", ["sudo", "update"]]], b: [["sys/audit/*", ["deny"]]] },
    path: "sys/audit/file",
    capability: "sudo",
    allowed: false,
  },
  {
    name: "sudo: deny beats sudo in one rule",
    policies: { a: [["sys/audit/file", ["deny", "sudo"]]] },
    path: "sys/audit/file",
    capability: "sudo",
    allowed: false,
  },
  {
    name: "sudo: does not imply read",
    policies: { a: [["sys/audit/*", ["sudo"]]] },
    path: "sys/audit/file",
    capability: "read",
    allowed: false,
  },

  // list and the trailing slash
  {
    name: "list: exact pattern without slash, request with slash",
    policies: { a: [["kv/metadata/app", ["list"]]] },
    path: "kv/metadata/app/",
    capability: "list",
    allowed: true,
  },
  {
    name: "list: exact pattern without slash, request without slash",
    policies: { a: [["kv/metadata/app", ["list"]]] },
    path: "kv/metadata/app",
    capability: "list",
    allowed: true,
  },
  {
    name: "list: exact pattern with slash, request without slash",
    policies: { a: [["kv/metadata/app/", ["list"]]] },
    path: "kv/metadata/app",
    capability: "list",
    allowed: true,
  },
  {
    name: "list: only list tries the path without its slash",
    policies: { a: [["kv/metadata/app", ["read"]]] },
    path: "kv/metadata/app/",
    capability: "read",
    allowed: false,
  },
  {
    name: "list: a child glob covers listing its parent",
    policies: { a: [["kv/metadata/app/*", ["list"]]] },
    path: "kv/metadata/app",
    capability: "list",
    allowed: true,
  },
  {
    name: "list: kv/metadata/+ does not list kv/metadata/app (the slash adds a segment)",
    policies: { a: [["kv/metadata/+", ["list"]]] },
    path: "kv/metadata/app",
    capability: "list",
    allowed: false,
  },

  // KV v2 API paths and dynamic credentials
  {
    name: "kv2: data path grants the value",
    policies: { a: [["kv/data/etl/dev/pg/*", ["read"]]] },
    path: "kv/data/etl/dev/pg/cred",
    capability: "read",
    allowed: true,
  },
  {
    name: "kv2: data grant does not reach metadata",
    policies: { a: [["kv/data/etl/dev/pg/*", ["read"]]] },
    path: "kv/metadata/etl/dev/pg/cred",
    capability: "read",
    allowed: false,
  },
  {
    name: "kv2: data grant does not list",
    policies: { a: [["kv/data/etl/dev/pg/*", ["read"]]] },
    path: "kv/metadata/etl/dev/pg",
    capability: "list",
    allowed: false,
  },
  {
    name: "kv2: listing is on metadata",
    policies: { a: [["kv/metadata/etl/dev/pg/*", ["list", "read"]]] },
    path: "kv/metadata/etl/dev/pg",
    capability: "list",
    allowed: true,
  },
  {
    name: "kv2: soft delete of versions is update on delete/",
    policies: { a: [["kv/delete/etl/dev/pg/*", ["update"]]] },
    path: "kv/delete/etl/dev/pg/cred",
    capability: "update",
    allowed: true,
  },
  {
    name: "kv2: a delete/ grant does not destroy",
    policies: { a: [["kv/delete/etl/dev/pg/*", ["update"]]] },
    path: "kv/destroy/etl/dev/pg/cred",
    capability: "update",
    allowed: false,
  },
  {
    name: "kv2: + in the environment segment reaches every environment",
    policies: { a: [["kv/data/etl/+/pg/cred", ["read"]]] },
    path: "kv/data/etl/prod/pg/cred",
    capability: "read",
    allowed: true,
  },
  {
    name: "database creds are generated with read",
    policies: { a: [["database/creds/etl-dev-ro", ["read"]]] },
    path: "database/creds/etl-dev-ro",
    capability: "read",
    allowed: true,
  },
  {
    name: "database creds: update is not needed nor granted",
    policies: { a: [["database/creds/etl-dev-ro", ["read"]]] },
    path: "database/creds/etl-dev-ro",
    capability: "update",
    allowed: false,
  },
  {
    name: "pki issue is update",
    policies: { a: [["pki/issue/etl", ["update"]]] },
    path: "pki/issue/etl",
    capability: "update",
    allowed: true,
  },
  {
    name: "pki issue: read does not issue",
    policies: { a: [["pki/issue/etl", ["read"]]] },
    path: "pki/issue/etl",
    capability: "update",
    allowed: false,
  },

  // Namespaces: policies address paths relative to the token's namespace
  {
    name: "ns: parent policy reaches a child by prefixing it",
    policies: { a: [["dev/kv/data/app", ["read"]]] },
    path: "kv/data/app",
    capability: "read",
    allowed: true,
    namespace: { token: "etl", request: "etl/dev" },
  },
  {
    name: "ns: parent policy without the child prefix addresses the parent",
    policies: { a: [["kv/data/app", ["read"]]] },
    path: "kv/data/app",
    capability: "read",
    allowed: false,
    namespace: { token: "etl", request: "etl/dev" },
  },
  {
    name: "ns: token in its own namespace",
    policies: { a: [["kv/data/app", ["read"]]] },
    path: "kv/data/app",
    capability: "read",
    allowed: true,
    namespace: { token: "etl/dev", request: "etl/dev" },
  },
  {
    name: "ns: a token never reaches a sibling namespace",
    policies: { a: [["kv/data/*", ["read"]]] },
    path: "kv/data/app",
    capability: "read",
    allowed: false,
    namespace: { token: "etl/dev", request: "etl/prod" },
  },
  {
    name: "ns: the same full path addressed from the parent namespace",
    policies: { a: [["kv/data/app", ["read"]]] },
    path: "dev/kv/data/app",
    capability: "read",
    allowed: true,
    namespace: { token: "etl/dev", request: "etl" },
  },
  {
    name: "ns: a token never reaches its parent namespace",
    policies: { a: [["kv/data/*", ["read"]]] },
    path: "kv/data/app",
    capability: "read",
    allowed: false,
    namespace: { token: "etl/dev", request: "etl" },
  },
  {
    name: "ns: root policy with + reaches every environment namespace",
    policies: { a: [["etl/+/kv/data/app", ["read"]]] },
    path: "kv/data/app",
    capability: "read",
    allowed: true,
    namespace: { token: "", request: "etl/prod" },
  },
  {
    name: "ns: namespace prefixes compare whole segments",
    policies: {
      a: [
        ["v/kv/data/app", ["read"]],
        ["*", ["read"]],
      ],
    },
    path: "kv/data/app",
    capability: "read",
    allowed: false,
    namespace: { token: "etl/de", request: "etl/dev" },
  },
];

describe("evaluateVault (rows from Vault's policy documentation)", () => {
  it("has at least 60 rows", () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
  });

  it.each(rows)("$name", (row) => {
    // GIVEN the row's policies, rendered to HCL and parsed back
    const policies = Object.entries(row.policies).map(([name, rules]) => parseVaultPolicy(name, toHcl(rules)));

    // WHEN the request is evaluated
    const decision = row.namespace
      ? evaluateVaultInNamespace(
          policies,
          { tokenNamespace: row.namespace.token, requestNamespace: row.namespace.request, path: row.path },
          row.capability,
        )
      : evaluateVault(policies, row.path, row.capability);

    // THEN it is decided as the documentation says, by the expected pattern
    expect({ allowed: decision.allowed, reason: decision.reason }).toEqual({ allowed: row.allowed, reason: expect.any(String) });
    if (row.decidedBy !== undefined) expect(decision.matchedPattern).toBe(row.decidedBy);
  });
});

describe("evaluateVault explanations", () => {
  it("names the granting policy of a merged pattern and the rule that ranked it", () => {
    const policies = [
      parseVaultPolicy("team-read", toHcl([["kv/data/etl/*", ["read"]]])),
      parseVaultPolicy("broad-deny", toHcl([["kv/*", ["deny"]]])),
    ];

    const decision = evaluateVault(policies, "kv/data/etl/pg", "read");

    expect(decision).toEqual({
      allowed: true,
      matchedPattern: "kv/data/etl/*",
      policy: "team-read",
      policies: ["team-read"],
      capabilities: ["read"],
      reason: 'highest-priority pattern "kv/data/etl/*" over "kv/*" (rule a: first wildcard comes later); policy "team-read" grants "read"',
    });
  });

  it("names the policy whose deny removed the capability", () => {
    const policies = [
      parseVaultPolicy("reader", toHcl([["kv/data/app", ["read"]]])),
      parseVaultPolicy("lockout", toHcl([["kv/data/app", ["deny"]]])),
    ];

    const decision = evaluateVault(policies, "kv/data/app", "read");

    expect(decision.allowed).toBe(false);
    expect(decision.policy).toBe("lockout");
    expect(decision.policies).toEqual(["lockout", "reader"]);
  });

  it("gives the same answer whatever the order of the policies", () => {
    const a = parseVaultPolicy(
      "a",
      toHcl([
        ["secret/+/bar", ["read"]],
        ["secret/+/ba*", ["deny"]],
      ]),
    );
    const b = parseVaultPolicy(
      "b",
      toHcl([
        ["secret/*", ["update"]],
        ["+/x/+", ["list"]],
      ]),
    );

    for (const path of ["secret/x/bar", "secret/x/baz", "secret/q", "a/x/y"]) {
      expect(evaluateVault([a, b], path, "read")).toEqual(evaluateVault([b, a], path, "read"));
    }
  });
});

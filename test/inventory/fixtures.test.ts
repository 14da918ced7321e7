import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { formatIssue, formatPath, validateInventoryFile, type SpecIssue } from "../../lib/inventory";

const INVENTORIES = join(__dirname, "..", "fixtures", "inventories");
const INVALID = join(INVENTORIES, "invalid");

/** Values planted in invalid fixtures that must never come back in any message. */
const CANARIES = ["Xy7-canary-QeLp2vTt9", "Zq9-canary-broken-Lm3"];

/** `# expect: a, b|c, line 17|18`: each entry is one expectation; `|` separates alternatives. */
interface Expectation {
  readonly text: string;
  readonly paths: readonly string[];
  readonly lines: readonly number[];
}

function expectationsOf(file: string): Expectation[] {
  const header = readFileSync(file, "utf8").split("\n", 1)[0];
  const match = /^#\s*expect:\s*(.+)$/.exec(header);
  if (!match) throw new Error(`${file} has no "# expect:" header on line 1`);
  return match[1].split(",").map((entry) => {
    const text = entry.trim();
    const line = /^line\s+([\d|]+)$/.exec(text);
    return line
      ? { text, paths: [], lines: line[1].split("|").map(Number) }
      : { text, paths: text.split("|").map((p) => p.trim()), lines: [] };
  });
}

function isMet(expectation: Expectation, issues: readonly SpecIssue[]): boolean {
  return issues.some(
    (issue) => expectation.paths.includes(formatPath(issue.path)) || (issue.line !== undefined && expectation.lines.includes(issue.line)),
  );
}

describe("the example inventories", () => {
  it("acme.yaml validates, warning only that its production Vault audit log is not shipped and its Vault-only test environment reminds no one", () => {
    const result = validateInventoryFile(join(INVENTORIES, "acme.yaml"));

    expect(result.issues.map((issue) => [issue.severity, issue.code, formatPath(issue.path)])).toEqual([
      ["warning", "reminders-not-sent", "environments[1]"],
      ["warning", "vault-audit-not-shipped", "environments[3].vault"],
    ]);
    expect(result.ok).toBe(true);
    expect(result.inventory).toBeDefined();
  });

  it("realworld.yaml validates, warning only that Vault's AWS identity is not named, the production audit log is not shipped and sox production has no approvals", () => {
    const result = validateInventoryFile(join(INVENTORIES, "realworld.yaml"));

    expect(result.ok).toBe(true);
    expect(result.inventory).toBeDefined();
    expect(result.issues.map((issue) => [issue.severity, issue.code])).toEqual([
      ["warning", "vault-identity-default"],
      ["warning", "vault-identity-default"],
      ["warning", "vault-audit-not-shipped"],
      ["warning", "regulation-approvals-missing"],
      ["warning", "regulation-approvals-missing"],
    ]);
  });
});

describe("every file in invalid/", () => {
  const files = readdirSync(INVALID)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();

  it("holds fixtures to check", () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  describe.each(files)("%s", (name) => {
    const file = join(INVALID, name);

    it("fails with every path (or line) its # expect: header lists", () => {
      // GIVEN the header of the fixture
      const expectations = expectationsOf(file);
      // WHEN it is validated
      const result = validateInventoryFile(file);
      // THEN it is invalid, and each expectation is met by at least one reported issue
      expect(result.ok).toBe(false);
      expect(result.inventory).toBeUndefined();
      const unmet = expectations.filter((expectation) => !isMet(expectation, result.issues)).map((e) => e.text);
      expect({ unmet, reported: result.issues.map((issue) => formatIssue(issue, name)) }).toEqual({
        unmet: [],
        reported: expect.any(Array),
      });
    });

    it("gives every issue a line, and never a stack trace or a canary value", () => {
      const result = validateInventoryFile(file);
      const text = result.issues.map((issue) => formatIssue(issue, name)).join("\n");

      for (const issue of result.issues) expect(issue.line).toEqual(expect.any(Number));
      for (const canary of CANARIES) expect(text).not.toContain(canary);
      expect(text).not.toMatch(/\n\s+at |Error:|\^/);
    });

    it("reports the same issues in the same order on every run", () => {
      expect(validateInventoryFile(file).issues).toEqual(validateInventoryFile(file).issues);
    });
  });
});

describe("a fixture with several mistakes", () => {
  it("reports all of them in one run, structural and cross-field, ordered by line", () => {
    const result = validateInventoryFile(join(INVALID, "several-mistakes.yaml"));

    expect(result.issues.map((issue) => formatIssue(issue, "several-mistakes.yaml"))).toMatchInlineSnapshot(`
[
  "several-mistakes.yaml:15: warning: environments[1].vault: production environment whose Vault audit log stays on the servers (file and syslog devices only): declare vault.audit { accountId, region } on one environment of the cluster to ship it to an immutable store",
  "several-mistakes.yaml:20: connectors[0].owner: "nobody" is not a declared owner; declared owners: orders-team",
  "several-mistakes.yaml:23: connectors[0].store: "aws" is not offered by environment(s) dev (stores: vault); use a store every environment of the connector offers",
  "several-mistakes.yaml:25: connectors[0].credential.type: dynamic database credentials are issued by Vault's database secrets engine: a dynamic-database credential needs store: vault (this connector's store is aws)",
  "several-mistakes.yaml:29: connectors[0].consumers[0].auth.method: must be one of approle | jwt | kubernetes | aws-iam, got "ldap"",
]
`);
  });
});

describe("a secret value written into the inventory", () => {
  it("is refused as secret material at its own path and line, without the value", () => {
    const result = validateInventoryFile(join(INVALID, "plaintext-password.yaml"));

    expect(result.issues.map((issue) => [issue.code, issue.column, formatIssue(issue, "plaintext-password.yaml")])).toMatchInlineSnapshot(`
[
  [
    "vault-audit-not-shipped",
    12,
    "plaintext-password.yaml:15: warning: environments[1].vault: production environment whose Vault audit log stays on the servers (file and syslog devices only): declare vault.audit { accountId, region } on one environment of the cluster to ship it to an immutable store",
  ],
  [
    "secret-material",
    71,
    "plaintext-password.yaml:26: connectors[0].credential.database.password: unknown field "password", and it looks like secret material: remove it from the inventory (the inventory holds references only; write values with \`etl-secrets seed\`). Allowed here: host, port, name, username",
  ],
]
`);
  });
});

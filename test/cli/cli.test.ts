import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../lib/cli/main";
import type { CliIo } from "../../lib/cli/io";
import { fixturePath } from "../support/inventories";

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => (out += t.endsWith("\n") ? t : `${t}\n`), err: (t) => (err += t.endsWith("\n") ? t : `${t}\n`) };
  const code = await run(argv, io);
  return { code, out, err };
}

describe("etl-secrets validate", () => {
  it("exits 0 for a valid inventory and says so on stdout", async () => {
    const result = await cli("validate", fixturePath("acme.yaml"));
    expect(result.code).toBe(0);
    // The two warnings acme has: its Vault-only test environment's reminder credentials are never
    // reminded (no AWS account for the daily checker), and its production Vault audit log is not shipped (vault.audit).
    expect(result.err.trim().split("\n")).toEqual([
      expect.stringMatching(
        /acme\.yaml:26: warning: environments\[1\]: has credentials only their issuer can rotate \(rotation\.reminder\) whose owners are not reminded/,
      ),
      expect.stringMatching(
        /acme\.yaml:38: warning: environments\[3\]\.vault: production environment whose Vault audit log stays on the servers/,
      ),
    ]);
    expect(result.out).toMatch(/acme\.yaml: valid \(8 connector\(s\), 4 environment\(s\)\)/);
  });

  it("exits 1 and lists every issue with its line on stderr", async () => {
    const result = await cli("validate", fixturePath("invalid/several-mistakes.yaml"));
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err).toMatch(/several-mistakes\.yaml:20: connectors\[0\]\.owner: /);
    expect(result.err).toMatch(/several-mistakes\.yaml:29: connectors\[0\]\.consumers\[0\]\.auth\.method: /);
  });

  it("prints only {ok, issues:[{path, message, line}]} on stdout with --format json", async () => {
    const result = await cli("validate", fixturePath("invalid/unknown-owner.yaml"), "--format", "json");
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.out);
    expect(Object.keys(parsed)).toEqual(["ok", "issues"]);
    expect(parsed.ok).toBe(false);
    expect(parsed.issues).toEqual([
      { path: "environments[1].vault", message: expect.stringContaining("audit log stays on the servers"), line: 15 },
      { path: "connectors[0].owner", message: expect.stringContaining("nobody"), line: 20 },
    ]);
  });

  it("never echoes a secret value, even in JSON", async () => {
    const result = await cli("validate", fixturePath("invalid/plaintext-password.yaml"), "--format", "json");
    expect(result.out).not.toContain("Xy7-canary-QeLp2vTt9");
    expect(result.out).toContain("connectors[0].credential.database.password");
  });

  it("exits 1 with a clear message for a missing file, without a stack trace", async () => {
    const result = await cli("validate", "/nonexistent/connectors.yaml");
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/cannot read \/nonexistent\/connectors\.yaml/);
    expect(result.err).not.toMatch(/\n\s+at /);
  });

  it("exits 2 for usage errors", async () => {
    expect((await cli("validate")).code).toBe(2);
    expect((await cli("validate", fixturePath("acme.yaml"), "--format", "xml")).code).toBe(2);
    expect((await cli("no-such-command")).code).toBe(2);
  });
});

describe("etl-secrets synth", () => {
  let out: string;
  beforeEach(() => (out = mkdtempSync(join(tmpdir(), "etl-secrets-cli-"))));
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it("writes <out>/stacks/<stack>/cdk.tf.json for environments, clusters and accounts", async () => {
    const result = await cli("synth", fixturePath("acme.yaml"), "--out", out);
    expect(result.code).toBe(0);
    for (const stack of ["dev", "prod", "vault-acme-example", "aws-222222222222"]) {
      expect(existsSync(join(out, "stacks", stack, "cdk.tf.json"))).toBe(true);
      expect(result.out).toContain(`stacks/${stack}/cdk.tf.json`);
    }
  });

  it("exits 1 on an invalid inventory and writes nothing", async () => {
    const result = await cli("synth", fixturePath("invalid/unknown-owner.yaml"), "--out", out);
    expect(result.code).toBe(1);
    expect(existsSync(join(out, "stacks"))).toBe(false);
  });

  it("requires --out", async () => {
    expect((await cli("synth", fixturePath("acme.yaml"))).code).toBe(2);
  });
});

describe("etl-secrets register", () => {
  it("prints the register as JSON with overdue reviews and quarantined credentials flagged", async () => {
    const result = await cli("register", fixturePath("acme.yaml"), "--format", "json", "--today", "2026-11-29");
    expect(result.code).toBe(0);
    const register = JSON.parse(result.out);
    const row = (id: string) => register.credentials.find((r: { connector: string }) => r.connector === id);
    expect(row("legacy-ftp").flags).toEqual(["overdue-review", "quarantined"]);
    expect(row("stripe-api").flags).toEqual(["overdue-review"]);
    expect(row("orders-postgres").flags).toEqual(["lease-exception"]);
    expect(row("billing-mysql")).toMatchObject({
      owner: "orders-team",
      class: "high",
      regulations: ["sox"],
      store: "aws",
      rotation: "secrets-manager every 30 days",
    });
  });

  it("prints CSV with one row per credential", async () => {
    const result = await cli("register", fixturePath("realworld.yaml"), "--format", "csv", "--today", "2026-11-29");
    const lines = result.out.trim().split("\n");
    expect(lines[0]).toBe(
      "connector,credential,type,owner,owner_email,oncall,purpose,class,regulations,store,environments,rotation,rotation_exemption,consumers,review_by,state,flags",
    );
    expect(lines).toHaveLength(1 + 12);
    expect(lines.find((l) => l.startsWith("s3-landing,"))).toContain("no-stored-secret");
  });

  it("prints Markdown with a section for what needs attention", async () => {
    const result = await cli("register", fixturePath("acme.yaml"), "--today", "2026-11-29");
    expect(result.out).toContain("## Needs attention");
    expect(result.out).toContain("`legacy-ftp/main` (platform-team): **review overdue** (was due 2025-04-01), **quarantined**");
  });

  it("refuses a malformed --today as a usage error", async () => {
    expect((await cli("register", fixturePath("acme.yaml"), "--today", "tomorrow")).code).toBe(2);
  });
});

describe("bad input files", () => {
  it("reports an empty file and a non-YAML file clearly", async () => {
    const dir = mkdtempSync(join(tmpdir(), "etl-secrets-bad-"));
    try {
      writeFileSync(join(dir, "empty.yaml"), "");
      writeFileSync(join(dir, "binary.yaml"), Buffer.from([0, 1, 2, 3, 255]));
      const empty = await cli("validate", join(dir, "empty.yaml"));
      expect(empty.code).toBe(1);
      expect(empty.err).toMatch(/is empty/);
      const binary = await cli("validate", join(dir, "binary.yaml"));
      expect(binary.code).toBe(1);
      expect(binary.err).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

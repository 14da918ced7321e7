import { run } from "../../lib/cli/main";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

describe("etl-secrets runbook", () => {
  it("prints the Markdown runbook on stdout", async () => {
    const c = capture();
    expect(await run(["runbook", "test/fixtures/inventories/acme.yaml", "hubspot-api"], c.io)).toBe(0);
    expect(c.out.join("\n")).toMatch(/^# Incident runbook: hubspot-api\n/);
    // The fixture's two warnings (its Vault-only test environment reminds no one; its production cluster ships no audit log), nothing else.
    expect(c.err).toEqual([
      expect.stringMatching(
        /^test\/fixtures\/inventories\/acme\.yaml:\d+: warning: environments\[1\]: has credentials only their issuer can rotate/,
      ),
      expect.stringMatching(
        /^test\/fixtures\/inventories\/acme\.yaml:\d+: warning: environments\[3\]\.vault: production environment whose Vault audit log stays on the servers/,
      ),
    ]);
  });

  it("exits 2 for an unknown connector and 1 for a missing inventory, without a stack trace", async () => {
    const unknown = capture();
    expect(await run(["runbook", "test/fixtures/inventories/acme.yaml", "nope"], unknown.io)).toBe(2);
    expect(unknown.err.join("\n")).toMatch(/no connector "nope"/);
    const missing = capture();
    expect(await run(["runbook", "missing.yaml", "x"], missing.io)).toBe(1);
    expect(missing.err.join("\n")).not.toMatch(/\n\s+at /);
  });
});

import { cli } from "../support/cli";
import { fixturePath } from "../support/inventories";

describe("etl-secrets audit: usage", () => {
  it("exits 2 on a bad format, a bad date, an unknown environment, or without a Vault token", async () => {
    const file = fixturePath("acme.yaml");
    expect((await cli("audit", file, "--environment", "prod", "--format", "yaml")).code).toBe(2);
    expect((await cli("audit", file, "--environment", "prod", "--now", "tomorrow")).code).toBe(2);
    const unknown = await cli("audit", file, "--environment", "nowhere", "--now", "2026-06-30");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no environment "nowhere"');
    const saved = process.env.VAULT_TOKEN;
    delete process.env.VAULT_TOKEN;
    try {
      const noToken = await cli("audit", file, "--environment", "prod", "--now", "2026-06-30");
      expect(noToken.code).toBe(2);
      expect(noToken.err).toContain("VAULT_TOKEN");
    } finally {
      if (saved !== undefined) process.env.VAULT_TOKEN = saved;
    }
  });

  it("requires --environment", async () => {
    expect((await cli("audit", fixturePath("acme.yaml"))).code).not.toBe(0);
  });
});

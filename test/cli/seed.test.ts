import { Command } from "commander";
import { registerSeed, type SeedCommandDependencies } from "../../lib/cli/commands/seed";
import { CliError, EXIT } from "../../lib/cli/io";
import { run } from "../../lib/cli/main";
import { FakeSecretsManager } from "../seed/fake-secrets-manager";

const VALUE = ["Hn4", "Kc8", "Ws2", "Yj6"].join(".");

async function seedWith(deps: SeedCommandDependencies, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
  let code: number = EXIT.ok;
  const program = new Command("etl-secrets").exitOverride();
  registerSeed(program, io, (c) => (code = c), deps);
  try {
    await program.parseAsync(["seed", ...args], { from: "user" });
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    err.push(error.message);
    code = error.exitCode;
  }
  return { code, out, err };
}

describe("etl-secrets seed", () => {
  it("prints the secret name and version only, and the next step on stderr", async () => {
    const sm = new FakeSecretsManager();
    sm.create("acme-data/prod/billing-mysql/main");
    const deps: SeedCommandDependencies = {
      readStdin: async () => JSON.stringify({ username: "billing_sync", password: VALUE }),
      vaultToken: () => undefined,
      secretsManager: () => sm,
    };
    const result = await seedWith(deps, ["test/fixtures/inventories/acme.yaml", "billing-mysql", "--env", "prod"]);
    expect(result.code).toBe(0);
    const versionId = sm.secrets.get("acme-data/prod/billing-mysql/main")!.versions[0].id;
    expect(result.out).toEqual([`secretsmanager: acme-data/prod/billing-mysql/main version ${versionId}`]);
    expect([...result.out, ...result.err].join("\n")).not.toContain(VALUE);
  });

  it("refuses a quarantined connector with exit 1", async () => {
    const deps: SeedCommandDependencies = {
      readStdin: async () => VALUE,
      vaultToken: () => "t",
      secretsManager: () => new FakeSecretsManager(),
    };
    const result = await seedWith(deps, ["test/fixtures/inventories/acme.yaml", "legacy-ftp", "--env", "prod"]);
    expect(result.code).toBe(1);
    expect(result.err.join("\n")).toMatch(/connector "legacy-ftp" is quarantined/);
  });

  it("refuses a terminal on stdin and an empty stdin with exit 2", async () => {
    const tty: SeedCommandDependencies = {
      readStdin: async () => {
        throw new CliError("stdin is a terminal: pipe the value in", EXIT.usage);
      },
      vaultToken: () => "t",
      secretsManager: () => new FakeSecretsManager(),
    };
    expect((await seedWith(tty, ["test/fixtures/inventories/acme.yaml", "stripe-api", "--env", "dev"])).code).toBe(2);
    const empty = await seedWith({ ...tty, readStdin: async () => "" }, [
      "test/fixtures/inventories/acme.yaml",
      "stripe-api",
      "--env",
      "dev",
    ]);
    expect(empty.code).toBe(2);
    expect(empty.err.join("\n")).toMatch(/stdin is empty/);
  });

  it("reports a missing inventory without a stack trace, and requires --env", async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (t: string) => void err.push(t) };
    expect(await run(["seed", "missing.yaml", "x", "--env", "dev"], io)).toBe(1);
    expect(err.join("\n")).toMatch(/cannot read missing\.yaml: no such file/);
    expect(await run(["seed", "test/fixtures/inventories/acme.yaml", "stripe-api"], io)).toBe(2);
    expect(err.join("\n")).toMatch(/required option '--env <environment>'/);
  });
});

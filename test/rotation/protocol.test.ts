import { DatabaseSecret } from "../../lib/rotation/contract";
import { createRotationHandler } from "../../lib/rotation/handler";
import { readRuntimeConfig } from "../../lib/rotation/runtime-config";
import { SingleUserStrategy } from "../../lib/rotation/strategies/single-user";
import { DatabaseConnector, DatabaseSession } from "../../lib/rotation/targets/database-target";
import { InMemorySecretStore } from "./in-memory-secret-store";

/** A database with one user whose password the tests can see. */
class FakeDatabase implements DatabaseConnector {
  constructor(public password: string) {}
  async login(secret: DatabaseSecret): Promise<DatabaseSession | undefined> {
    if (secret.password !== this.password) return undefined;
    return {
      probe: async () => ({ encrypted: true }),
      changeOwnPassword: async (_user, next) => {
        this.password = next;
      },
      setPassword: async () => undefined,
      ensureClone: async () => undefined,
      inspectUser: async () => ({ exists: true, superuser: false, isSessionUser: false }),
      close: async () => undefined,
    };
  }
}

const ORIGINAL = "original-password-0123456789abcdef";
const secretValue = (password: string) =>
  JSON.stringify({ engine: "postgres", host: "db.internal", port: 5432, username: "etl", password, sslmode: "verify-full" });

/** The pin tags Terraform sets on this secret. */
const PINS = {
  "rotation-user": "etl",
  "rotation-host": "db.internal",
  "rotation-port": "5432",
  "rotation-database": "postgres",
  "rotation-tls": "verify-full",
};

function setUp() {
  const store = new InMemorySecretStore();
  store.tags = { ...PINS };
  store.versions.set("v1", { value: secretValue(ORIGINAL), stages: ["AWSCURRENT"] });
  store.versions.set("v2", { stages: ["AWSPENDING"] });
  const database = new FakeDatabase(ORIGINAL);
  const lines: string[] = [];
  const handler = createRotationHandler((config) => new SingleUserStrategy(config, database), {
    environment: {},
    sink: (line) => lines.push(line),
    store: () => store,
  });
  const step = (Step: "createSecret" | "setSecret" | "testSecret" | "finishSecret", token = "v2") =>
    handler({ Step, SecretId: store.arn, ClientRequestToken: token });
  return { store, database, lines, step };
}

describe("rotation protocol", () => {
  it("rotates through the four steps, each repeatable", async () => {
    const { store, database, step } = setUp();
    for (const name of ["createSecret", "createSecret", "setSecret", "setSecret", "testSecret", "finishSecret", "finishSecret"] as const)
      await step(name);
    expect(store.versions.get("v2")!.stages).toContain("AWSCURRENT");
    expect(store.versions.get("v1")!.stages).toEqual(["AWSPREVIOUS"]);
    expect(JSON.parse(store.versions.get("v2")!.value!).password).toBe(database.password);
  });

  it("refuses to step a secret whose rotation is disabled", async () => {
    const { store, step } = setUp();
    store.rotationEnabled = false;
    await expect(step("createSecret")).rejects.toThrow(/rotation is not enabled/);
  });

  it("does nothing when the token is already AWSCURRENT, even with AWSPENDING left on it", async () => {
    const { store, step } = setUp();
    store.versions.set("v1", { value: secretValue(ORIGINAL), stages: ["AWSCURRENT", "AWSPENDING"] });
    await expect(step("finishSecret", "v1")).resolves.toBeUndefined();
    expect(store.versions.get("v1")!.stages).toEqual(["AWSCURRENT", "AWSPENDING"]);
  });

  it("falls back to AWSPREVIOUS when the password changed but the rotation never finished", async () => {
    const { store, database, step } = setUp();
    store.versions.set("v0", { value: secretValue("older-password-0123456789abcdef"), stages: ["AWSPREVIOUS"] });
    database.password = "older-password-0123456789abcdef";
    await step("createSecret");
    await step("setSecret");
    expect(database.password).toBe(JSON.parse(store.versions.get("v2")!.value!).password);
  });

  it("refuses a pending value that points at another host (confused deputy)", async () => {
    const { store, step } = setUp();
    store.versions.set("v2", { value: secretValue("x".repeat(32)).replace("db.internal", "attacker.example"), stages: ["AWSPENDING"] });
    await expect(step("setSecret")).rejects.toThrow(/different host/);
  });

  it("fails without changing anything when no labelled value logs in, and says so without secrets", async () => {
    const { database, lines, step } = setUp();
    database.password = "changed-by-hand-0123456789abcdef";
    await step("createSecret");
    await expect(step("setSecret")).rejects.toThrow(/changed outside rotation/);
    expect(database.password).toBe("changed-by-hand-0123456789abcdef");
    expect(lines.join("\n")).not.toContain(ORIGINAL);
    expect(lines.join("\n")).toContain('"level":"error"');
  });

  it("reads its settings from the environment, refusing weak ones", () => {
    expect(readRuntimeConfig({}).passwordLength).toBe(32);
    expect(readRuntimeConfig({ PASSWORD_LENGTH: "48" }).passwordLength).toBe(48);
    expect(() => readRuntimeConfig({ PASSWORD_LENGTH: "16" })).toThrow(/PASSWORD_LENGTH/);
    expect(() => readRuntimeConfig({ ALLOW_PLAINTEXT_DATABASE: "yes" })).toThrow(/ALLOW_PLAINTEXT_DATABASE/);
  });

  describe("pins (Terraform-managed tags the value's writer can't change)", () => {
    it("refuses a secret without its pin tags, before touching the database", async () => {
      const { store, database, step } = setUp();
      store.tags = {};
      await expect(step("createSecret")).rejects.toThrow(
        /lacks the rotation pin tag\(s\) rotation-user, rotation-host, rotation-port, rotation-database, rotation-tls/,
      );
      expect(database.password).toBe(ORIGINAL);
    });

    it.each([
      [
        "username",
        (v: Record<string, unknown>) => ({ ...v, username: "payroll_owner" }),
        /different username than its rotation pin tags allow/,
      ],
      ["host", (v: Record<string, unknown>) => ({ ...v, host: "other.internal" }), /different host/],
      ["port", (v: Record<string, unknown>) => ({ ...v, port: 5433 }), /different port/],
      ["database", (v: Record<string, unknown>) => ({ ...v, dbname: "payroll" }), /different database/],
      ["TLS mode", (v: Record<string, unknown>) => ({ ...v, sslmode: "require" }), /weaker than the "verify-full"/],
    ])("refuses a current value whose %s disagrees with the pins", async (_field, edit, message) => {
      const { store, step } = setUp();
      store.versions.set("v1", { value: JSON.stringify(edit(JSON.parse(secretValue(ORIGINAL)))), stages: ["AWSCURRENT"] });
      await expect(step("createSecret")).rejects.toThrow(message);
      expect(store.versions.get("v2")!.value).toBeUndefined();
    });

    it("accepts a weaker TLS mode only when the pin allows it, and a stronger one always", async () => {
      const { store, step } = setUp();
      store.tags = { ...PINS, "rotation-tls": "require" };
      store.versions.set("v1", {
        value: JSON.stringify({ ...JSON.parse(secretValue(ORIGINAL)), sslmode: "require" }),
        stages: ["AWSCURRENT"],
      });
      await expect(step("createSecret")).resolves.toBeUndefined();
      const other = setUp();
      other.store.tags = { ...PINS, "rotation-tls": "require" };
      await expect(other.step("createSecret")).resolves.toBeUndefined();
    });

    it("counts the TLS mode in the same-target check", async () => {
      const { store, step } = setUp();
      store.tags = { ...PINS, "rotation-tls": "require" };
      await step("createSecret");
      const pending = JSON.parse(store.versions.get("v2")!.value!);
      store.versions.set("v2", { value: JSON.stringify({ ...pending, sslmode: "require" }), stages: ["AWSPENDING"] });
      await expect(step("setSecret")).rejects.toThrow(/different sslmode than the current one/);
    });

    it.each(["postgres", "rdsadmin", "ROOT", "admin_clone"])("refuses a pin naming the administrative account %s", async (user) => {
      const { store, step } = setUp();
      store.tags = { ...PINS, "rotation-user": user };
      store.versions.set("v1", { value: JSON.stringify({ ...JSON.parse(secretValue(ORIGINAL)), username: user }), stages: ["AWSCURRENT"] });
      await expect(step("createSecret")).rejects.toThrow(/administrative account/);
    });

    it("refuses a pinned user name that is not a plain identifier, without quoting it", async () => {
      const { store, step } = setUp();
      store.tags = { ...PINS, "rotation-user": "x' OR 1=1 -- " };
      const error = await step("createSecret").catch((e: Error) => e);
      expect(String(error)).toMatch(/not a user name rotation accepts/);
      expect(String(error)).not.toContain("OR 1=1");
    });
  });
});

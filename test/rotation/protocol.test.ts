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
      close: async () => undefined,
    };
  }
}

const ORIGINAL = "original-password-0123456789abcdef";
const secretValue = (password: string) =>
  JSON.stringify({ engine: "postgres", host: "db.internal", port: 5432, username: "etl", password, sslmode: "verify-full" });

function setUp() {
  const store = new InMemorySecretStore();
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
    for (const name of ["createSecret", "createSecret", "setSecret", "setSecret", "testSecret", "finishSecret", "finishSecret"] as const) await step(name);
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
});

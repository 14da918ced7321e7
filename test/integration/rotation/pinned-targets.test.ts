/*
 * Issue 11, class 8: alternating-users rotation acts only on the user, host, port, database and TLS
 * mode pinned in the secret's Terraform-managed tags, never on what the value's writer put in the
 * value. Each exploit is replayed on the real PostgreSQL 15 and MariaDB of the integration suite.
 */
import { GetSecretValueCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand } from "@aws-sdk/client-secrets-manager";
import { randomBytes } from "node:crypto";
import { DatabaseSecret, STAGE } from "../../../lib/rotation/contract";
import { loadEngines } from "../../support/rotation/engines";
import { CallBudget } from "../../support/rotation/fault-injection";
import { MariadbAdmin, PostgresAdmin, RotationCase, RotationWorld, currentVersion } from "../../support/rotation/rotation-fixtures";
import { beginRotation } from "../../support/rotation/service-simulator";

const TARGETS = [["postgresql-alternating-users"], ["mysql-alternating-users"]] as const;

describe("alternating users trust only the pin tags (real engines)", () => {
  const engines = loadEngines();
  const world = new RotationWorld(engines);
  beforeAll(() => world.start());
  afterAll(() => world.stop());

  const adminOf = (target: string) => (target.startsWith("postgresql") ? new PostgresAdmin(engines) : new MariadbAdmin(engines));
  const current = async (rotationCase: RotationCase) => JSON.parse(currentVersion(await rotationCase.labelled())!.value!) as DatabaseSecret;
  /** What a writer of the value (seed, a consumer writing back) can do: put a new AWSCURRENT value. */
  const editCurrent = async (rotationCase: RotationCase, edit: (value: DatabaseSecret) => DatabaseSecret) => {
    const value = edit(await current(rotationCase));
    await world.sm.send(
      new PutSecretValueCommand({ SecretId: rotationCase.secretArn, SecretString: JSON.stringify(value), VersionStages: [STAGE.current] }),
    );
  };
  const createAndSet = async (rotationCase: RotationCase) => {
    const token = await beginRotation(world, rotationCase);
    await rotationCase.invoke("createSecret", token, new CallBudget());
    await rotationCase.invoke("setSecret", token, new CallBudget());
  };
  const masterValue = async (rotationCase: RotationCase) => {
    const output = await world.sm.send(new GetSecretValueCommand({ SecretId: rotationCase.database!.masterArn! }));
    return output.SecretString!;
  };

  it.each(TARGETS)("%s: a value naming another user (payroll_owner) never makes the master clone that user", async (target) => {
    // GIVEN another application's owner on the same server, and a secret pinned to u_<case>
    const rotationCase = await world.createCase(target);
    const admin = adminOf(target);
    const victim = `po_${randomBytes(3).toString("hex")}`;
    const victimPassword = randomBytes(18).toString("base64url");
    world.capture.rememberSecret(victimPassword);
    await admin.createUser(victim, victimPassword, `dv_${victim}`);

    // WHEN the value is edited to `username: <victim>` and a rotation runs
    await editCurrent(rotationCase, (value) => ({ ...value, username: victim }));
    await expect(createAndSet(rotationCase)).rejects.toThrow(/different username than its rotation pin tags allow/);

    // THEN no clone of the victim exists
    expect(await admin.userExists(`${victim}_clone`)).toBe(false);
  });

  it.each(TARGETS)("%s: a value naming <master>_clone never resets the master's password", async (target) => {
    const rotationCase = await world.createCase(target);
    const master = await masterValue(rotationCase);
    world.capture.rememberSecretsOf(master);
    await editCurrent(rotationCase, (value) => ({ ...value, username: `${rotationCase.database!.master}_clone` }));
    await expect(createAndSet(rotationCase)).rejects.toThrow(/rotation pin tags/);
    // The master still logs in with its own password.
    expect(await rotationCase.logsIn(master)).toBe(true);
  });

  it.each(TARGETS)("%s: never resets a <user>_clone that someone else created", async (target) => {
    // GIVEN u_<case>_clone made by someone else (not by this credential's rotation)
    const rotationCase = await world.createCase(target);
    const admin = adminOf(target);
    const clone = `${rotationCase.database!.user}_clone`;
    const theirs = randomBytes(18).toString("base64url");
    world.capture.rememberSecret(theirs);
    const theirDatabase = `dc_${randomBytes(3).toString("hex")}`;
    await admin.createUser(clone, theirs, theirDatabase);
    const ours = await current(rotationCase);
    const theirValue = JSON.stringify({
      ...ours,
      username: clone,
      password: theirs,
      dbname: target.startsWith("postgresql") ? ours.dbname : theirDatabase,
    });

    // WHEN the first rotation would create the clone THEN it refuses, and their password still works
    await expect(createAndSet(rotationCase)).rejects.toThrow(/not created as this credential's clone/);
    expect(await rotationCase.logsIn(theirValue)).toBe(true);
  });

  it.each(TARGETS)("%s: refuses a pinned user that is a superuser", async (target) => {
    const rotationCase = await world.createCase(target);
    const user = rotationCase.database!.user;
    if (target.startsWith("postgresql")) await new PostgresAdmin(engines).run((client) => client.query(`ALTER ROLE "${user}" SUPERUSER`));
    else
      await new MariadbAdmin(engines).run((connection) =>
        connection.query("GRANT ALL PRIVILEGES ON *.* TO ?@'%' WITH GRANT OPTION", [user]),
      );
    await expect(createAndSet(rotationCase)).rejects.toThrow(/is a superuser/);
    expect(await adminOf(target).userExists(`${user}_clone`)).toBe(false);
  });

  it.each(TARGETS)("%s: a TLS mode weaker than the pin (require: no certificate or host check) is refused", async (target) => {
    const rotationCase = await world.createCase(target);
    await editCurrent(rotationCase, (value) => ({ ...value, sslmode: "require" }));
    await expect(createAndSet(rotationCase)).rejects.toThrow(/weaker than the "verify-full"/);
    expect(await adminOf(target).userExists(`${rotationCase.database!.user}_clone`)).toBe(false);
  });

  it.each(TARGETS)("%s: the pair still rotates back and forth, the clone proven by AWSPREVIOUS", async (target) => {
    const rotationCase = await world.createCase(target);
    const users: string[] = [];
    for (let rotation = 0; rotation < 3; rotation++) {
      const token = await beginRotation(world, rotationCase);
      for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"] as const)
        await rotationCase.invoke(step, token, new CallBudget());
      // What Secrets Manager does once finishSecret succeeded: AWSPENDING leaves the version.
      await world.sm.send(
        new UpdateSecretVersionStageCommand({ SecretId: rotationCase.secretArn, VersionStage: STAGE.pending, RemoveFromVersionId: token }),
      );
      const value = await current(rotationCase);
      world.capture.rememberSecret(value.password);
      expect(await rotationCase.logsIn(JSON.stringify(value))).toBe(true);
      users.push(value.username);
    }
    const base = rotationCase.database!.user;
    expect(users).toEqual([`${base}_clone`, base, `${base}_clone`]);
  });
});

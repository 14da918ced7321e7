import { ROTATION_TARGETS, RotationTarget, STAGE } from "../../../lib/rotation/contract";
import { loadEngines } from "../../support/rotation/engines";
import { CallBudget, InjectedCrash } from "../../support/rotation/fault-injection";
import { findLeaks } from "../../support/rotation/leak-check";
import { RotationCase, RotationWorld, currentVersion } from "../../support/rotation/rotation-fixtures";
import { beginRotation, rotateLikeTheService } from "../../support/rotation/service-simulator";

/**
 * A crash after every external call of a rotation (Secrets Manager, database, key broker), for every
 * target and strategy, followed by the service's retries. Every crash point runs in full, in CI too.
 */
describe("rotation survives a crash after any external call", () => {
  const world = new RotationWorld(loadEngines());
  const crashPoints: Record<string, number> = {};

  beforeAll(() => world.start());
  afterAll(async () => {
    await world.stop();
    const total = Object.values(crashPoints).reduce((sum, count) => sum + count, 0);
    process.stdout.write(`crash points per target: ${JSON.stringify(crashPoints)}; total ${total}\n`);
  });

  /** At least one labelled version logs in: consumers always have a working credential to find. */
  async function expectSomeLabelledVersionLogsIn(rotationCase: RotationCase): Promise<void> {
    const labelled = await rotationCase.labelled();
    const working: string[] = [];
    for (const version of labelled) if (version.value && (await rotationCase.logsIn(version.value))) working.push(version.stages.join("+"));
    expect(working.length).toBeGreaterThan(0);
  }

  async function expectRotationCompleted(rotationCase: RotationCase, token: string, originalVersion: string): Promise<void> {
    const labelled = await rotationCase.labelled();
    const current = currentVersion(labelled);
    expect(current?.versionId).toBe(token);
    expect(await rotationCase.logsIn(current!.value!)).toBe(true);
    expect(labelled.find((version) => version.stages.includes(STAGE.previous))?.versionId).toBe(originalVersion);
    // AWSPENDING may stay on the current version, never on another one (it would block the next rotation).
    for (const version of labelled) if (version.stages.includes(STAGE.pending)) expect(version.versionId).toBe(token);
    expect(await rotationCase.unstoredCredentials(labelled)).toEqual([]);
  }

  async function callsOfCleanRotation(target: RotationTarget): Promise<number> {
    const rotationCase = await world.createCase(target);
    const original = currentVersion(await rotationCase.labelled())!.versionId;
    const token = await beginRotation(world, rotationCase);
    const budget = new CallBudget();
    expect(await rotateLikeTheService(rotationCase, token, () => budget)).toBe(1);
    await expectRotationCompleted(rotationCase, token, original);
    return budget.calls;
  }

  it.each(ROTATION_TARGETS.map((target) => [target]))("%s: every crash point ends rotated, with no credential lost", async (target) => {
    const calls = await callsOfCleanRotation(target);
    crashPoints[target] = calls;
    expect(calls).toBeGreaterThanOrEqual(8);
    for (let crashAfter = 1; crashAfter <= calls; crashAfter++) {
      const rotationCase = await world.createCase(target);
      const labelledBefore = await rotationCase.labelled();
      for (const version of labelledBefore) world.capture.rememberSecretsOf(version.value);
      const original = currentVersion(labelledBefore)!.versionId;
      const token = await beginRotation(world, rotationCase);
      let crashed = false;
      const attempts = await rotateLikeTheService(
        rotationCase,
        token,
        (attempt) => new CallBudget(attempt === 1 ? crashAfter : undefined),
        async (error) => {
          // The first failure must be the injected crash, and right after it a labelled version works.
          if (!crashed) expect(String((error as Error).message)).toContain(new InjectedCrash(crashAfter, "").message.split(" (")[0]);
          crashed = true;
          await expectSomeLabelledVersionLogsIn(rotationCase);
        },
      );
      expect(crashed).toBe(true);
      expect(attempts).toBe(2);
      await expectRotationCompleted(rotationCase, token, original);
      for (const version of await rotationCase.labelled()) world.capture.rememberSecretsOf(version.value);
    }
  });

  it("logged nothing secret on any path, crashes included", () => {
    expect(world.capture.lines.length).toBeGreaterThan(100);
    expect(findLeaks(world.capture.lines.join("\n"), world.capture.secrets)).toEqual([]);
  });
});

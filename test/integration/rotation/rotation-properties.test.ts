import fc from "fast-check";
import { ROTATION_STEPS, ROTATION_TARGETS, STAGE } from "../../../lib/rotation/contract";
import { loadEngines, runCount } from "../../support/rotation/engines";
import { CallBudget } from "../../support/rotation/fault-injection";
import { findLeaks } from "../../support/rotation/leak-check";
import { RotationCase, RotationWorld, currentVersion } from "../../support/rotation/rotation-fixtures";
import { beginRotation, rotateLikeTheService } from "../../support/rotation/service-simulator";

/**
 * Random schedules of what the service can do: the next step, a duplicate of a step already done, a
 * restart of the attempt, each possibly crashing after any external call. After every action some
 * labelled version logs in; after the service finishes, AWSCURRENT logs in and nothing is lost.
 */
const RUNS_PER_TARGET = runCount(8, 60);

type Action = { kind: "next" | "duplicate" | "restart"; pick: number; crashAfter?: number };
const action: fc.Arbitrary<Action> = fc.record(
  {
    kind: fc.constantFrom("next", "next", "next", "duplicate", "restart"),
    pick: fc.nat(3),
    crashAfter: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
  },
  { requiredKeys: ["kind", "pick"] },
) as fc.Arbitrary<Action>;

describe("random step schedules keep Secrets Manager and the target consistent", () => {
  const world = new RotationWorld(loadEngines());
  beforeAll(() => world.start());
  afterAll(async () => {
    await world.stop();
    process.stdout.write(`property runs per target: ${RUNS_PER_TARGET} (${ROTATION_TARGETS.length} targets)\n`);
  });

  async function someLabelledVersionLogsIn(rotationCase: RotationCase): Promise<boolean> {
    for (const version of await rotationCase.labelled()) if (version.value && (await rotationCase.logsIn(version.value))) return true;
    return false;
  }

  it.each(ROTATION_TARGETS.map((target) => [target]))("%s", async (target) => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 10 }), async (actions) => {
        const rotationCase = await world.createCase(target);
        const token = await beginRotation(world, rotationCase);
        let next = 0;
        for (const { kind, pick, crashAfter } of actions) {
          if (kind === "restart") next = 0;
          const index = kind === "duplicate" ? (next === 0 ? 0 : pick % next) : Math.min(next, ROTATION_STEPS.length - 1);
          const budget = new CallBudget(crashAfter);
          try {
            await rotationCase.invoke(ROTATION_STEPS[index], token, budget);
            if (kind === "next") next = Math.min(next + 1, ROTATION_STEPS.length);
          } catch {
            next = 0; // the service restarts a failed rotation from createSecret
          } finally {
            await budget.closeLeakedSessions();
          }
          for (const version of await rotationCase.labelled()) world.capture.rememberSecretsOf(version.value);
          if (!(await someLabelledVersionLogsIn(rotationCase))) return false;
        }
        await rotateLikeTheService(rotationCase, token, () => new CallBudget());
        const labelled = await rotationCase.labelled();
        for (const version of labelled) world.capture.rememberSecretsOf(version.value);
        const current = currentVersion(labelled);
        return (
          current?.versionId === token &&
          (await rotationCase.logsIn(current.value!)) &&
          labelled.every((version) => !version.stages.includes(STAGE.pending) || version.versionId === token) &&
          (await rotationCase.unstoredCredentials(labelled)).length === 0
        );
      }),
      { numRuns: RUNS_PER_TARGET, endOnFailure: true },
    );
  });

  it("logged nothing secret", () => {
    expect(findLeaks(world.capture.lines.join("\n"), world.capture.secrets)).toEqual([]);
  });
});

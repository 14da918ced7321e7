import { randomUUID } from "node:crypto";
import { ROTATION_STEPS } from "../../../lib/rotation/contract";
import { CallBudget } from "./fault-injection";
import { startRotationWithoutFunction } from "./moto-secrets";
import { RotationCase, RotationWorld } from "./rotation-fixtures";

/** How many times the harness retries a whole rotation, as Secrets Manager does after a failed step. */
export const SERVICE_ATTEMPTS = 5;

/** Stages a new rotation (value-less AWSPENDING version, rotation enabled); returns its token. */
export async function beginRotation(world: RotationWorld, rotationCase: RotationCase): Promise<string> {
  const token = randomUUID();
  await startRotationWithoutFunction(world.sm, rotationCase.secretArn, token);
  return token;
}

/**
 * Plays Secrets Manager: the four steps in order; a failing step fails the attempt, and the next
 * attempt starts again at createSecret with the same token. `budgetFor` gives each attempt its
 * call budget (a crash point, or none). Returns the number of attempts used.
 */
export async function rotateLikeTheService(
  rotationCase: RotationCase,
  token: string,
  budgetFor: (attempt: number) => CallBudget,
  afterFailure?: (error: unknown) => Promise<void>,
): Promise<number> {
  for (let attempt = 1; attempt <= SERVICE_ATTEMPTS; attempt++) {
    const budget = budgetFor(attempt);
    try {
      for (const step of ROTATION_STEPS) await rotationCase.invoke(step, token, budget);
      return attempt;
    } catch (error) {
      if (process.env.ROTATION_DEBUG)
        process.stderr.write(`attempt ${attempt}: ${String((error as Error).message)} after ${budget.log.join(",")}\n`);
      await budget.closeLeakedSessions();
      if (afterFailure) await afterFailure(error);
    } finally {
      await budget.closeLeakedSessions();
    }
  }
  throw new Error(`rotation of ${rotationCase.secretArn} did not finish in ${SERVICE_ATTEMPTS} attempts`);
}

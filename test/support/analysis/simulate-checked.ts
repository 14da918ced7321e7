/*
 * `simulate`, checked against its oracle on every call: the indexed simulation and the exhaustive
 * one (every principal x every location x every action evaluated) must agree exactly, on every
 * fixture, planted breach and hostile synth the tests run. A test that uses this one cannot pass
 * on an index that skips a decision it should have evaluated.
 */
import type { AccessModel } from "../../../lib/analysis/access-model/index";
import { simulate as indexed, simulateExhaustive, type SimulateOptions, type SimulationResult } from "../../../lib/analysis/simulate/index";

export function simulate(model: AccessModel, options: SimulateOptions = {}): SimulationResult {
  const result = indexed(model, options);
  expect(result).toEqual(simulateExhaustive(model, options));
  return result;
}

// Jest setup shared by every test file: cdktf's matchers (toHaveResource, toHaveResourceWithProperties...),
// no token stack traces (./token-traces.ts) and function bundles built once per run (./bundle-cache.ts).
import { setupJest } from "cdktf/lib/testing/adapters/jest";
import { tokenTracesOff } from "./token-traces";

jest.mock("../../lib/rotation/bundle", () => {
  const actual = jest.requireActual<typeof import("../../lib/rotation/bundle")>("../../lib/rotation/bundle");
  const { runCachedFunctionBundle } = jest.requireActual<typeof import("./bundle-cache")>("./bundle-cache");
  return { ...actual, functionBundle: runCachedFunctionBundle(actual.functionBundle, process.env.ETL_SECRETS_JEST_TMPDIR) };
});

setupJest();
tokenTracesOff();

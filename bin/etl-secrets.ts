#!/usr/bin/env node
// The installed package's `etl-secrets` command (compiled to dist/bin/etl-secrets.js by `prepack`).
// A checkout runs the TypeScript directly through ./etl-secrets (tsx), so it needs no build step.
import { loadZodLocalesOnDemand } from "../lib/cli/zod-locales-on-demand";

// Before anything can load zod: the CLI itself is required only after it.
loadZodLocalesOnDemand();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, so a command loads only the modules it uses (start-up time)
const { run } = require("../lib/cli/main") as typeof import("../lib/cli/main");
run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

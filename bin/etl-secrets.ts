#!/usr/bin/env node
// The installed package's `etl-secrets` command (compiled to dist/bin/etl-secrets.js by `prepack`).
// A checkout runs the TypeScript directly through ./etl-secrets (tsx), so it needs no build step.
import { loadZodLocalesOnDemand } from "../lib/cli/zod-locales-on-demand";

// Before anything can load zod: the CLI itself is required only after it.
loadZodLocalesOnDemand();
const { run } = require("../lib/cli/main") as typeof import("../lib/cli/main");
run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

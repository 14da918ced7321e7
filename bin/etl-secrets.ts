#!/usr/bin/env node
// The installed package's `etl-secrets` command (compiled to dist/bin/etl-secrets.js by `prepack`).
// A checkout runs the TypeScript directly through ./etl-secrets (tsx), so it needs no build step.
import { run } from "../lib/cli/main";

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

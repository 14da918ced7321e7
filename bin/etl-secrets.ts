#!/usr/bin/env node
// The installed package's `etl-secrets` command (compiled to dist/bin/etl-secrets.js by `prepack`).
// A checkout runs the TypeScript directly through ./etl-secrets (tsx), so it needs no build step.
import { enableCompileCache } from "../lib/cli/compile-cache";

// Before anything else loads: Node 22.1+ keeps the compiled modules for the next run (Node 20: no-op).
enableCompileCache();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { run } = require("../lib/cli/main") as typeof import("../lib/cli/main");

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

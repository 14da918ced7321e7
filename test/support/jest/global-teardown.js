// The unit suite's globalTeardown (jest.config.js): the parts of global-setup.js undone in reverse
// order, so temp-dir-teardown.js (when present) sees the shared synth already deleted.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const run = async (file) => {
  const part = require(file);
  await (part.default ?? part)();
};

module.exports = async function globalTeardown() {
  await run("./shared-synth-teardown.ts");
  if (existsSync(join(__dirname, "temp-dir-teardown.js"))) await run("./temp-dir-teardown.js");
};

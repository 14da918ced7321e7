// The unit suite's globalTeardown (jest.config.js): the parts of global-setup.js undone in reverse
// order, so temp-dir-teardown.js sees the shared synth already deleted.
const run = async (file) => {
  const part = require(file);
  await (part.default ?? part)();
};

module.exports = async function globalTeardown() {
  await run("./shared-synth-teardown.ts");
  await run("./temp-dir-teardown.js");
};

// The unit suite's globalSetup (jest.config.js): each part is one file of this folder. jest
// transpiles what is required from here with the suite's transform (ts-jest), so parts may be .ts.
// temp-dir-setup.js comes first, so later parts' temp directories fall under it.
const run = async (file) => {
  const part = require(file);
  await (part.default ?? part)();
};

module.exports = async function globalSetup() {
  await run("./temp-dir-setup.js");
  await run("./shared-synth-setup.ts");
};

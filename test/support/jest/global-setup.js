// The unit suite's globalSetup (jest.config.js): each part is one file of this folder. jest
// transpiles what is required from here with the suite's transform (ts-jest), so parts may be .ts.
// temp-dir-setup.js comes first when present, so later parts' temp directories fall under it.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const run = async (file) => {
  const part = require(file);
  await (part.default ?? part)();
};

module.exports = async function globalSetup() {
  if (existsSync(join(__dirname, "temp-dir-setup.js"))) await run("./temp-dir-setup.js");
  await run("./shared-synth-setup.ts");
};

// The unit suite's globalSetup (jest.config.js): each part is one file of this folder. jest
// transpiles what is required from here with the suite's transform (ts-jest), so parts may be .ts.
// temp-dir-setup.js comes first, so later parts' temp directories fall under it.
const { withoutNewGlobals } = require("./without-new-globals.ts");

const run = async (file) => {
  const part = require(file);
  await (part.default ?? part)();
};

module.exports = async function globalSetup() {
  // The shared synth loads cdktf and zod into jest's own process, and they keep singletons on the
  // global object (cdktf's token map, zod's registry and config). jest's node environment gives
  // every test file the properties of that global, so in a run in band (`jest -i`, or a run of a
  // few files) each file's tokens and schemas went into those singletons: files shared state, and
  // every stack a file synthesized stayed in memory (650 MB after test/constructs in band).
  await withoutNewGlobals(async () => {
    await run("./temp-dir-setup.js");
    await run("./shared-synth-setup.ts");
  });
};

/*
 * lib/cli/io.ts turns EPIPE on stdout and stderr into a quiet exit. Its listener is added once per
 * process, however often the module is loaded: jest loads it again for every test file in one
 * worker, and each load used to add two more listeners (MaxListenersExceededWarning in the CI log).
 */
describe("the CLI's EPIPE handler", () => {
  it("is added once per stream, however often the module is loaded", () => {
    const load = () => jest.isolateModules(() => require("../../lib/cli/io"));
    load();
    const before = [process.stdout.listenerCount("error"), process.stderr.listenerCount("error")];
    for (let i = 0; i < 12; i++) load();
    expect([process.stdout.listenerCount("error"), process.stderr.listenerCount("error")]).toEqual(before);
  });
});

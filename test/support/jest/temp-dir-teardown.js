/*
 * Jest globalTeardown: removes the directory temp-dir-setup.js made for this run, with everything
 * the tests left in it, and gives TMPDIR back its earlier value. Runs after every worker has exited.
 */
const { rmSync } = require("node:fs");
const { basename } = require("node:path");
const { RUN_TMPDIR, PREVIOUS_TMPDIR, PREFIX } = require("./temp-dir-setup");

module.exports = async function tempDirTeardown() {
  const dir = process.env[RUN_TMPDIR];
  // Only the directory this run's setup made: never a TMPDIR the caller chose.
  if (dir && basename(dir).startsWith(PREFIX)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  const previous = process.env[PREVIOUS_TMPDIR];
  if (previous) process.env.TMPDIR = previous;
  else delete process.env.TMPDIR;
  delete process.env[RUN_TMPDIR];
  delete process.env[PREVIOUS_TMPDIR];
};

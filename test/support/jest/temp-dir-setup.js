/*
 * Jest globalSetup: one fresh temp directory per jest run. cdktf's Testing.app() and many tests
 * write `cdktf.outdir.*` and other directories under os.tmpdir() and never remove them; pointing
 * TMPDIR at a directory of this run's own (set here, in the parent process, before jest starts its
 * workers, which inherit the environment) lets temp-dir-teardown.js remove all of it at once.
 * Kept apart from other global hooks so a config can chain it with them.
 */
const { chmodSync, mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

/** The environment variable naming this run's directory; the teardown removes only that. */
const RUN_TMPDIR = "ETL_SECRETS_JEST_TMPDIR";
/** TMPDIR as it was before the run ("" when unset), restored by the teardown. */
const PREVIOUS_TMPDIR = "ETL_SECRETS_JEST_PREVIOUS_TMPDIR";
const PREFIX = "etl-secrets-jest-";

module.exports = async function tempDirSetup() {
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  // The modes of /tmp: engines some suites run as another user (postgres, mysql) make their own
  // directories here, as they would under /tmp.
  chmodSync(dir, 0o1777);
  process.env[PREVIOUS_TMPDIR] = process.env.TMPDIR ?? "";
  process.env[RUN_TMPDIR] = dir;
  process.env.TMPDIR = dir;
};
module.exports.RUN_TMPDIR = RUN_TMPDIR;
module.exports.PREVIOUS_TMPDIR = PREVIOUS_TMPDIR;
module.exports.PREFIX = PREFIX;

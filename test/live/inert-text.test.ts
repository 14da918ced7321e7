/**
 * Spec text is inert, shown with the real engine: a stack (EtlStack, so the JSON goes through the
 * same escaping as every synthesized stack) of built-in `terraform_data` resources whose `input`
 * is hostile spec text passed through the plan boundary, next to a reference the library made in
 * the same string. `tofu apply` must give back exactly the text (nothing evaluated, no file read,
 * no directive run) with the reference resolved. OpenTofu comes from `.tools/engines.env`
 * (tools/engines/obtain-live-engines.sh; `npm run test:live` obtains it) or TOFU_BIN; a missing
 * engine fails the suite, it never skips.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, LocalBackend, TerraformOutput, TerraformResource } from "cdktf";
import type { Construct } from "constructs";
import { inertPlan } from "../../lib/constructs/inert-text";
import { EtlStack } from "../../lib/constructs/stacks/etl-stack";
import { readEnvFile, REPO } from "../support/live/engines";

jest.setTimeout(300_000);

function tofu(work: string): { bin: string; env: NodeJS.ProcessEnv } {
  const file = join(REPO, ".tools", "engines.env");
  const fromFile = existsSync(file) ? readEnvFile(file) : {};
  const bin = process.env.TOFU_BIN ?? fromFile.TOFU_BIN;
  if (!bin || !existsSync(bin)) {
    throw new Error(
      `OpenTofu is missing (TOFU_BIN=${bin ?? ""}, ${file}${existsSync(file) ? "" : " absent"}): run tools/engines/obtain-live-engines.sh --only opentofu (npm run test:live does)`,
    );
  }
  // Only built-in resources: no provider to install. An empty CLI configuration keeps tofu from
  // warning on stdout about a missing ~/.terraformrc.
  const config = join(work, "tofu-cli.tfrc");
  writeFileSync(config, "");
  return { bin, env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_CLI_CONFIG_FILE: config } };
}

/** Terraform's built-in `terraform_data`, as a provider construct would render it. */
class TerraformData extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly input: string,
  ) {
    super(scope, id, { terraformResourceType: "terraform_data" });
  }
  get output(): string {
    return this.getStringAttribute("output");
  }
  protected override synthesizeAttributes(): Record<string, unknown> {
    return { input: this.input };
  }
}

/** Hostile or awkward spec text; none carries framework token syntax (validation refuses that). */
const TEXTS: readonly string[] = [
  '${file("/etc/passwd")}',
  "%{ if true }yes%{ endif }",
  "%{ for x in [1, 2] }${x}%{ endfor }",
  "${terraform_data.anchor.output}",
  "${var.secret} ${path.root} ${local.x}",
  "$${already escaped} and %%{ this too }",
  "$$${three} $$$${four}",
  "cost $ and 100 % and { braces }",
  "ends with ${",
  "ends with %{",
  "ends with $",
  "${ unterminated",
  '{"Statement": [{"Resource": "arn:aws:s3:::b/${aws:username}/*"}]}',
  "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}';",
  "line one\nline two\t\\n \\${not an escape}",
  "~} ${~ x ~} %{~ if ~}",
  "ünïcødé — ${日本}",
];

describe("inert text on OpenTofu", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "live-inert-text-"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("gives back exactly the spec text, with the library's reference in the same string resolved", () => {
    const engine = tofu(work);
    const app = new App({ outdir: join(work, "out") });
    const stack = new EtlStack(app, "inert");
    new LocalBackend(stack, { path: join(work, "inert.tfstate") });
    const anchor = new TerraformData(stack, "anchor", "anchor-value");
    const { texts } = inertPlan({ texts: TEXTS });
    texts.forEach((text, i) => {
      const data = new TerraformData(stack, `text${i}`, `${text} | ${anchor.output}`);
      new TerraformOutput(stack, `text${i}-output`, { value: data.output }).overrideLogicalId(`text${i}`);
    });
    app.synth();
    const dir = join(work, "out", "stacks", "inert");
    const json = readFileSync(join(dir, "cdk.tf.json"), "utf8");
    expect(json).not.toContain("\uE000");
    const run = (...args: string[]) =>
      execFileSync(engine.bin, args, { cwd: dir, env: engine.env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    run("init", "-input=false", "-no-color");
    run("apply", "-auto-approve", "-input=false", "-no-color");
    const outputs = JSON.parse(run("output", "-json", "-no-color")) as Record<string, { value: string }>;
    const expected = Object.fromEntries(TEXTS.map((text, i) => [`text${i}`, `${text} | anchor-value`]));
    expect(Object.fromEntries(Object.entries(outputs).map(([name, o]) => [name, o.value]))).toEqual(expected);
    // The state holds the same literal inputs.
    const state = JSON.parse(run("show", "-json", "-no-color")) as {
      values: { root_module: { resources: { address: string; values: { input: string } }[] } };
    };
    const inputs = Object.fromEntries(state.values.root_module.resources.map((r) => [r.address, r.values.input]));
    TEXTS.forEach((text, i) => expect(inputs[`terraform_data.text${i}`]).toBe(`${text} | anchor-value`));
  });
});

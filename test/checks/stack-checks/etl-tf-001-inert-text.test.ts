import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { etlTf001InertText as rule, liveTemplates } from "../../../lib/checks/stack-checks/etl-tf-001-inert-text";
import { ChecksSession } from "../../../lib/checks/validation";
import { AwsAccountStack } from "../../../lib/constructs/stacks/aws-account-stack";
import { EnvironmentStack } from "../../../lib/constructs/stacks/environment-stack";
import { ChecksFailedError, synthesizeInventory } from "../../../lib/constructs/synthesize";
import { toSynthStack } from "../../../lib/checks/synth-stack";
import { synthFiles } from "../../support/synth";
import { fixtureInventory } from "../../support/inventories";
import { environmentPlan, fixturePlan } from "../../constructs/aws/support";
import { hostileFixture } from "../../constructs/hostile-text";
import { messages, stackOf } from "./vault-support";

// Lets a test hand the constructs raw spec text, as every construct got it before the boundary.
let mockBypassBoundary = false;
jest.mock("../../../lib/constructs/inert-text", () => {
  const actual = jest.requireActual("../../../lib/constructs/inert-text");
  return { ...actual, inertPlan: (plan: unknown) => (mockBypassBoundary ? plan : actual.inertPlan(plan)) };
});
afterEach(() => {
  mockBypassBoundary = false;
});

const CANARY = "canary-5d1e";
const secret = (description: string, extra: object = {}) => ({
  resource: {
    aws_kms_key: { key: { description: "k" } },
    aws_secretsmanager_secret: { s: { name: "n", description, kms_key_id: "${aws_kms_key.key.arn}", ...extra } },
  },
});

describe("ETL-TF-001 inert text", () => {
  it("reads templates as Terraform does: escapes are literal, a `$` before an escape too", () => {
    expect(liveTemplates('$${file("x")} %%{ if } $$${a.b} $$$${c.d}')).toEqual([]);
    expect(liveTemplates("a ${aws_x.y.arn} b")).toEqual([{ kind: "interpolation", traversal: "aws_x.y.arn" }]);
    expect(liveTemplates('${file("x")}')).toEqual([{ kind: "interpolation" }]);
    expect(liveTemplates("%{ if x }")).toEqual([{ kind: "directive" }]);
    expect(liveTemplates("$$$${")).toEqual([]);
    expect(liveTemplates("$${x} ${a.b[0].c}")).toEqual([{ kind: "interpolation", traversal: "a.b[0].c" }]);
  });

  it("passes references to what the stack declares, and escaped text", () => {
    const json = secret('Reads $${file("/etc/passwd")} and %%{ if true }x%%{ endif }', {
      tags: { "$${k}": "v" },
      recovery_window_in_days: "${var.days}",
      policy: "${local.p} ${data.aws_caller_identity.me.account_id}",
    });
    Object.assign(json, { variable: { days: {} }, locals: { p: "x" }, data: { aws_caller_identity: { me: {} } } });
    expect(messages(rule, stackOf(json))).toEqual([]);
  });

  it.each([
    ["a function call", `${CANARY} \${file("/etc/passwd")}`, /a live template that is not a plain reference/],
    ["a directive", `%{ if true }${CANARY}%{ endif }`, /2 × a live template directive/],
    ["an undeclared reference", `\${aws_kms_key.other.arn} ${CANARY}`, /a live reference to nothing declared in this stack/],
    ["another stack's state", `\${data.terraform_remote_state.prod.outputs.x} ${CANARY}`, /a reference into another stack's state/],
  ])("fails on %s in a description, naming the attribute and never the text", (_what, description, problem) => {
    const findings = rule.check(stackOf(secret(description)));
    expect(findings).toHaveLength(1);
    expect(findings[0].resource?.address).toBe("aws_secretsmanager_secret.s");
    expect(findings[0].message).toMatch(/^description \(\d+ chars\) holds /);
    expect(findings[0].message).toMatch(problem);
    expect(findings[0].message).not.toContain(CANARY);
    expect(rule.severity).toBe("error");
  });

  it("fails on a live template in a map key, redacting the key", () => {
    const findings = rule.check(stackOf(secret("d", { tags: { [`${CANARY} \${path.root}`]: "v" } })));
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^a key of tags \(\d+ chars\) holds a live reference to nothing declared/),
    ]);
    expect(findings[0].message).not.toContain(CANARY);
  });

  it("fails on a remote state data source and a cross-stack output, which the library never makes", () => {
    const json = {
      ...secret("d"),
      data: { terraform_remote_state: { "cross-stack-reference-input-aws-222222222222": { backend: "local" } } },
      output: { "cross-stack-output-aws_s3_bucketbucketarn": { value: "${aws_kms_key.key.arn}", sensitive: true } },
    };
    expect(messages(rule, stackOf(json))).toEqual([
      expect.stringMatching(/^data\.terraform_remote_state\.cross-stack-reference-input-aws-222222222222 reads another stack's state/),
      expect.stringMatching(/^output cross-stack-output-aws_s3_bucketbucketarn hands a value of this stack to another stack/),
    ]);
  });

  it.each(["acme.yaml", "realworld.yaml"] as const)(
    "passes every synthesized stack of %s, and of the same fixture with hostile text everywhere",
    (name) => {
      for (const inventory of [fixtureInventory(name), hostileFixture(name).inventory]) {
        const files = synthFiles(inventory);
        const stacks = [...files.entries()].filter(([file]) => file.endsWith("cdk.tf.json"));
        expect(stacks.length).toBeGreaterThan(3);
        for (const [file, base64] of stacks) {
          const stack = toSynthStack(file, JSON.parse(Buffer.from(base64, "base64").toString("utf8")));
          expect({ file, messages: messages(rule, stack) }).toEqual({ file, messages: [] });
        }
      }
    },
  );

  it("stops the synth of today's hostile output: a file read and a directive handed to the constructs unescaped", () => {
    mockBypassBoundary = true;
    const dir = mkdtempSync(join(tmpdir(), "etl-tf-001-"));
    try {
      let error: unknown;
      try {
        synthesizeInventory(hostileFixture("acme.yaml").inventory, dir);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ChecksFailedError);
      const findings = (error as ChecksFailedError).findings.filter((f) => f.ruleId === "ETL-TF-001");
      expect(findings.length).toBeGreaterThan(20);
      expect([...new Set(findings.map((f) => f.stack))]).toEqual(expect.arrayContaining(["dev", "prod", "staging", "test"]));
      expect(findings.some((f) => f.stack === "prod" && f.address?.startsWith("aws_secretsmanager_secret."))).toBe(true);
      expect(findings.every((f) => !f.message.includes("/etc/passwd"))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stops a dev stack that a token in a purpose made read the production account stack's state", () => {
    mockBypassBoundary = true;
    const dir = mkdtempSync(join(tmpdir(), "etl-tf-001-"));
    try {
      const app = new App({ outdir: dir });
      const plan = fixturePlan("acme.yaml");
      const account = new AwsAccountStack(app, { plan: plan.awsAccounts.find((a) => a.accountId === "222222222222")! });
      const bucket = account.node.findAll().find((c): c is S3Bucket => c instanceof S3Bucket)!;
      const purpose = "Hourly sync of invoices from the billing service";
      const dev = JSON.parse(JSON.stringify(environmentPlan(plan, "dev")).split(purpose).join(`leak ${bucket.arn}`));
      const devStack = new EnvironmentStack(app, { plan: dev });
      const checks = new ChecksSession([account, devStack]);
      expect(() => app.synth()).toThrow(/ETL-TF-001/);
      const found = checks.findings.filter((f) => f.ruleId === "ETL-TF-001").map((f) => `${f.stack}: ${f.message}`);
      expect(found).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^dev: data\.terraform_remote_state\.\S+ reads another stack's state/),
          expect.stringMatching(/^dev: description \(\d+ chars\) holds a reference into another stack's state/),
          expect.stringMatching(/^aws-222222222222: output cross-stack-output-\S+ hands a value of this stack to another stack/),
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { App, Lazy, TerraformStack, Token } from "cdktf";
import * as cdktfResolve from "cdktf/lib/tokens/private/resolve";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Construct } from "constructs";
import { EtlStack, REQUIRED_TERRAFORM_VERSION } from "../../../lib/constructs/stacks/etl-stack";
import { prepareTokens } from "../../../lib/constructs/stacks/prepare-tokens";

/** Every value cdktf's resolver is handed from the outside while `work` runs, with its preparing flag. */
function resolvedDuring(work: () => void): { value: unknown; preparing: boolean }[] {
  const module = cdktfResolve as unknown as { resolve: (obj: unknown, options: { preparing: boolean }) => unknown };
  const original = module.resolve;
  const seen: { value: unknown; preparing: boolean }[] = [];
  module.resolve = (obj, options) => {
    seen.push({ value: obj, preparing: options.preparing });
    return original(obj, options);
  };
  try {
    work();
  } finally {
    module.resolve = original;
  }
  return seen;
}

/** A plain cdktf stack with the library stack's one override: cdktf's own prepare pass. */
class PlainStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
  }
}

const outdir = mkdtempSync(join(tmpdir(), "etl-secrets-prepare-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Two stacks of one kind; the second's policy names the first's topic (a cross-stack reference). */
function crossStackApp(Stack: typeof TerraformStack): { app: App; from: TerraformStack; to: TerraformStack } {
  const app = new App({ outdir });
  const from = new Stack(app, "from");
  new AwsProvider(from, "aws", { region: "eu-west-1" });
  const topic = new SnsTopic(from, "topic", { name: "alerts" });
  const to = new Stack(app, "to");
  new AwsProvider(to, "aws", { region: "eu-west-1" });
  new SnsTopicPolicy(to, "policy", { arn: topic.arn, policy: JSON.stringify({ Statement: [{ Resource: topic.arn }] }) });
  return { app, from, to };
}

describe("the prepare pass of a library stack", () => {
  it("hands cdktf's resolver the tokens only, never a resource's plain configuration", () => {
    const stack = new EtlStack(new App({ outdir }), "prod");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const topic = new SnsTopic(stack, "topic", { name: "alerts", tags: { team: "data" } });
    new SnsTopicPolicy(stack, "policy", { arn: topic.arn, policy: JSON.stringify({ Statement: [{ Resource: topic.arn }] }) });
    const seen = resolvedDuring(() => stack.prepareStack());
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every(({ value, preparing }) => preparing && typeof value === "string" && value.includes("${TfToken["))).toBe(true);
  });

  it("still turns a reference into another stack into a cross-stack output and remote state, as cdktf's own pass does", () => {
    const library = crossStackApp(EtlStack);
    const plain = crossStackApp(PlainStack);
    for (const { from, to } of [library, plain]) {
      from.prepareStack();
      to.prepareStack();
    }
    const json = (stack: TerraformStack) => stack.toTerraform() as Record<string, unknown>;
    expect(json(library.to)).toEqual(json(plain.to));
    expect(json(library.from)).toEqual(json(plain.from));
    expect(Object.keys((json(library.to).data as Record<string, unknown>).terraform_remote_state as object)).toHaveLength(1);
    expect(Object.keys(json(library.from).output as object).some((name) => name.startsWith("cross-stack-output-"))).toBe(true);
  });
});

describe("prepareTokens", () => {
  const stack = new TerraformStack(new App({ outdir }), "s");
  const text = Lazy.stringValue({ produce: () => "x" });
  const list = Token.asList(Lazy.anyValue({ produce: () => ["a"] }));
  const number = Token.asNumber(Lazy.numberValue({ produce: () => 1 }));
  const map = Token.asStringMap(Lazy.anyValue({ produce: () => ({ k: "v" }) }));

  it("skips plain data and hands each token over in the context cdktf resolves it in", () => {
    const value = {
      plain: ["a", 1, true, null, { nested: "b", n: 2.5 }],
      text: `arn:${text}`,
      list,
      numbers: [number],
      count: number,
      map,
      note: "1e10 looks like a number to cdktf",
    };
    const handed = resolvedDuring(() => prepareTokens(stack, value)).map(({ value }) => value);
    expect(handed).toEqual([`arn:${text}`, list, [number], number, map, "1e10 looks like a number to cdktf"]);
  });

  it("hands over a plain object that is a token by its resolve(), as cdktf's resolver takes it", () => {
    const literal = { resolve: () => "x" };
    const handed = resolvedDuring(() => prepareTokens(stack, { nested: { literal } })).map(({ value }) => value);
    expect(handed).toEqual([literal]);
  });

  it("raises what cdktf's resolver raises on what is not data", () => {
    expect(() => prepareTokens(stack, { bad: () => 1 })).toThrow();
    expect(() => prepareTokens(stack, { scope: stack })).toThrow();
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { App, Fn, Lazy, TerraformOutput, TerraformStack, TerraformVariable, Token } from "cdktf";
import * as cdktfResolve from "cdktf/lib/tokens/private/resolve";
import { addEtlSecretsStacks } from "../../../lib/constructs/etl-secrets-app";
import { EtlStack } from "../../../lib/constructs/stacks/etl-stack";
import { stackJson } from "../../../lib/constructs/stacks/stack-json";
import { loadInventory } from "../../../lib/inventory/load";
import { fixtureInventory } from "../../support/inventories";

const outdir = mkdtempSync(join(tmpdir(), "etl-secrets-stack-json-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** cdktf's own TerraformStack.toTerraform() of a stack, whatever the stack overrides. */
const cdktfJson = (stack: TerraformStack) => TerraformStack.prototype.toTerraform.call(stack) as Record<string, unknown>;

describe("a library stack's JSON", () => {
  it.each([
    ["acme.yaml", () => fixtureInventory("acme.yaml")],
    ["realworld.yaml", () => fixtureInventory("realworld.yaml")],
    ["examples/multi-env", () => loadInventory(join(__dirname, "../../../examples/multi-env/connectors.yaml"))],
  ])("%s: every stack's JSON is cdktf's own toTerraform(), key order included", (_name, inventory) => {
    const app = new App({ outdir });
    const stacks = addEtlSecretsStacks(app, inventory());
    const all = [...stacks.vaultClusters.values(), ...stacks.awsAccounts.values(), ...stacks.environments.values()];
    for (const stack of all) stack.prepareStack();
    for (const stack of all) expect(JSON.stringify(stackJson(stack))).toBe(JSON.stringify(cdktfJson(stack)));
  });

  it("resolves a token the stack's own overrides carry, and drops undefined as cdktf does", () => {
    const stack = new EtlStack(new App({ outdir }), "prod");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const topic = new SnsTopic(stack, "topic", { name: "alerts" });
    stack.addOverride("locals.topic", topic.arn);
    stack.addOverride("locals.list", ["a", undefined, topic.name]);
    stack.addOverride("locals.gone", undefined);
    const json = stackJson(stack);
    expect(JSON.stringify(json)).toBe(JSON.stringify(cdktfJson(stack)));
    expect(json.locals).toEqual({ topic: "${aws_sns_topic.topic.arn}", list: ["a", "${aws_sns_topic.topic.name}"] });
  });

  it("is not resolved a second time as a whole once its elements are", () => {
    const app = new App({ outdir });
    const stacks = addEtlSecretsStacks(app, fixtureInventory("acme.yaml"));
    const prod = stacks.environments.get("prod")!;
    prod.prepareStack();
    const module = cdktfResolve as unknown as { resolve: (obj: unknown, options: unknown) => unknown };
    const original = module.resolve;
    const whole: unknown[] = [];
    module.resolve = (obj, options) => {
      if (obj && typeof obj === "object" && "//" in obj && "terraform" in obj) whole.push(obj);
      return original(obj, options);
    };
    try {
      prod.synthesizedJson();
    } finally {
      module.resolve = original;
    }
    expect(whole).toEqual([]);
  });

  it("copies an element's plain configuration itself and hands cdktf's resolver only its tokens, with cdktf's result for tokens of every kind", () => {
    const stack = new EtlStack(new App({ outdir }), "prod");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const names = new TerraformVariable(stack, "names", { type: "list(string)" });
    const count = new TerraformVariable(stack, "retention", { type: "number" });
    const tags = new TerraformVariable(stack, "tags", { type: "map(string)" });
    const topic = new SnsTopic(stack, "topic", {
      name: Fn.join("-", names.listValue),
      tags: Token.asStringMap(tags.value),
      deliveryPolicy: Fn.jsonencode({ retries: count.numberValue, names: names.listValue }),
    });
    const lazy = Lazy.anyValue({
      produce: () => ({ Statement: [{ Resource: topic.arn, Count: Token.asNumber(count.numberValue) }], Plain: { a: [1, "b", null] } }),
    });
    new SnsTopicPolicy(stack, "policy", { arn: topic.arn, policy: Token.asString(lazy), dependsOn: [topic] });
    new SnsTopic(stack, "plain", { name: "1e10", tags: { "TfToken-like": "no", a: "${literal}" }, fifoTopic: true });
    new TerraformOutput(stack, "out", { value: { arn: topic.arn, list: names.listValue, n: count.numberValue } });
    stack.prepareStack();
    const module = cdktfResolve as unknown as { resolve: (obj: unknown, options: unknown) => unknown };
    const original = module.resolve;
    const handed: unknown[] = [];
    module.resolve = (obj, options) => {
      handed.push(obj);
      return original(obj, options);
    };
    let json: Record<string, unknown>;
    try {
      json = stackJson(stack);
    } finally {
      module.resolve = original;
    }
    expect(JSON.stringify(json)).toBe(JSON.stringify(cdktfJson(stack)));
    expect(handed.length).toBeGreaterThan(0);
    // An element's JSON (`resource`, `variable`, `output`, `provider` blocks) is never handed over whole.
    const blocks = handed.filter(
      (value) => value !== null && typeof value === "object" && ["resource", "variable", "output", "provider"].some((key) => key in value),
    );
    expect(blocks).toEqual([]);
  });
});

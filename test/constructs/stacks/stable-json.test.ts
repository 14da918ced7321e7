import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { App, Annotations, TerraformStack } from "cdktf";
import { addEtlSecretsStacks } from "../../../lib/constructs/etl-secrets-app";
import { EtlStack } from "../../../lib/constructs/stacks/etl-stack";
import { stableJson, stableJsonChunks } from "../../../lib/constructs/stacks/stable-json";
import { fixtureInventory } from "../../support/inventories";
import { propertyRuns } from "../../support/property-runs";

// The serializer cdktf writes stacks with (a dependency of cdktf, resolved from it).
const stringify = require(require.resolve("json-stable-stringify", { paths: [require.resolve("cdktf")] })) as (
  value: unknown,
  options: { space: number },
) => string;
const cdktfText = (value: unknown) => stringify(value, { space: 2 });

const outdir = mkdtempSync(join(tmpdir(), "etl-secrets-stable-json-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** JSON with what json-stable-stringify treats its own way: empty objects and arrays, integer-like and unsorted keys, undefined, toJSON. */
const awkward = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom({}, [], undefined, null, "", "${x}", 'é\u2028"\\', 1e21, -0, 0.1),
    fc.constant({ toJSON: () => ({ b: 1, a: [] }) }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom("10", "9", "0", "01", "-1", "a", "B", "__proto__x")),
      tie("value"),
      { maxKeys: 5 },
    ),
  ),
})).value;

describe("stable JSON (a stack's cdk.tf.json, written in pieces)", () => {
  it("is json-stable-stringify's text (two spaces) for any JSON, empty objects, key order and undefined included", () => {
    fc.assert(
      fc.property(awkward, (value) => {
        fc.pre(value !== undefined);
        expect(stableJson(value)).toBe(cdktfText(value));
      }),
      { numRuns: propertyRuns(2000), seed: 13 },
    );
  });

  it("hands the text over in pieces of about 64 KiB, never as one text", () => {
    const big = {
      resource: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`r${i}`, { name: `name-${i}`, tags: { a: "b" }, list: [] }])),
    };
    const chunks: string[] = [];
    stableJsonChunks(big, (chunk) => chunks.push(chunk));
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(64 * 1024 + 200);
    expect(chunks.join("")).toBe(cdktfText(big));
  });

  it("refuses a circular object as json-stable-stringify does", () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = { loop };
    expect(() => stableJson(loop)).toThrow(TypeError);
  });

  it("app.synth() writes each library stack as cdktf would have written its JSON, byte for byte", () => {
    const out = join(outdir, "acme");
    const app = new App({ outdir: out });
    const stacks = addEtlSecretsStacks(app, fixtureInventory("acme.yaml"));
    app.synth();
    const all = [...stacks.vaultClusters.values(), ...stacks.awsAccounts.values(), ...stacks.environments.values()];
    expect(readdirSync(join(out, "stacks")).sort()).toEqual(all.map((stack) => stack.node.id).sort());
    for (const stack of all) {
      expect(readFileSync(join(out, "stacks", stack.node.id, "cdk.tf.json"), "utf8")).toBe(cdktfText(stack.synthesizedJson()));
    }
  });

  it("a library stack and a plain cdktf stack of the same resources are written as the same text", () => {
    const text = (Stack: typeof TerraformStack) => {
      const out = join(outdir, Stack.name);
      const app = new App({ outdir: out });
      const stack = new Stack(app, "s");
      if (Stack === TerraformStack) stack.addOverride("terraform.required_version", ">= 1.11.0");
      new AwsProvider(stack, "aws", { region: "eu-west-1" });
      new SnsTopic(stack, "topic", { name: "alerts", tags: {}, deliveryPolicy: JSON.stringify({ b: [], a: {} }) });
      app.synth();
      return readFileSync(join(out, "stacks", "s", "cdk.tf.json"), "utf8");
    };
    expect(text(EtlStack)).toBe(text(TerraformStack));
  });

  it("still fails on an error annotation, writing nothing for that stack", () => {
    const out = join(outdir, "annotated");
    const app = new App({ outdir: out });
    const stack = new EtlStack(app, "broken");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    Annotations.of(new SnsTopic(stack, "topic", { name: "alerts" })).addError("not allowed here");
    expect(() => app.synth()).toThrow(/not allowed here/);
    expect(() => readFileSync(join(out, "stacks", "broken", "cdk.tf.json"))).toThrow();
  });
});

import { scanTexts } from "../../lib/analysis/scan";
import { WIRE_TARGETS, WireError } from "../../lib/wire/model";
import { environmentWiring } from "../../lib/wire/environment-wiring";
import { formatWireJson, formatWireText, wireConsumer } from "../../lib/wire/wire";
import { examplePlan } from "./support";

/*
 * What wire prints and what the stacks output is pasted into configs, CI files and manifests: the
 * project's own secret scanner (secretlint's preset plus our rules) must find nothing in it, or every
 * team that commits it gets a false alarm (a `"secretName": "..."` reads as an assignment).
 */
describe("wire output is clean for the secret scanner", () => {
  it("would flag a secret-named key in a Terraform output string (the check is real)", async () => {
    const content = JSON.stringify(
      { output: { x: { value: JSON.stringify({ secretArnOutput: "secret_arn__billing-mysql__main" }) } } },
      null,
      2,
    );
    expect((await scanTexts([{ path: "cdk.tf.json", content }])).findings).toHaveLength(1);
  });

  it("has no finding in any text or JSON output of the example, nor in the consumer_wiring outputs", async () => {
    const plan = examplePlan();
    const texts: { path: string; content: string }[] = [];
    for (const env of plan.environments) {
      // As the stack writes them: each consumer's JSON as the string value of a Terraform output.
      const outputs = Object.fromEntries(
        Object.entries(environmentWiring(env).consumers).map(([id, summary]) => [
          `consumer_wiring__${id}`,
          { value: JSON.stringify(summary) },
        ]),
      );
      texts.push({ path: `${env.name}/cdk.tf.json`, content: JSON.stringify({ output: outputs }, null, 2) });
      for (const account of env.serviceAccounts) {
        for (const target of WIRE_TARGETS) {
          try {
            const output = wireConsumer(plan, { consumer: account.id, environment: env.name, target });
            texts.push(
              { path: `${env.name}/${account.id}/${target}.txt`, content: formatWireText(output) },
              { path: `${env.name}/${account.id}/${target}.json`, content: formatWireJson(output) },
            );
          } catch (error) {
            if (!(error instanceof WireError)) throw error;
          }
        }
      }
    }
    expect(texts.length).toBeGreaterThan(40);
    const report = await scanTexts(texts);
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([]);
  });
});

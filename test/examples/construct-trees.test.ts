/*
 * Construct ids are a contract (they become Terraform addresses): the construct tree of each example
 * is committed as text, one node path a line, beside the address-stability properties. Any added,
 * removed or renamed node fails here; when the change is meant, regenerate with
 *   ETL_UPDATE_CONSTRUCT_TREES=1 npx jest test/examples/construct-trees.test.ts
 * and let the review read the diff of test/examples/construct-trees/*.txt.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import type { IConstruct } from "constructs";
import { BillingStack } from "../../examples/compose-in-own-stack/main";
import { addEtlSecretsStacks } from "../../lib/constructs/etl-secrets-app";
import { loadInventory } from "../../lib/inventory/load";
import { fixturePath } from "../support/inventories";

const ROOT = join(__dirname, "..", "..");
const TREES = join(__dirname, "construct-trees");
const UPDATE = process.env.ETL_UPDATE_CONSTRUCT_TREES === "1";

/** Every node path below the app, sorted: order of creation is not part of the contract, ids are. */
function treeText(app: IConstruct): string {
  const paths = app.node
    .findAll()
    .filter((node) => node !== app)
    .map((node) => node.node.path)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `${paths.join("\n")}\n`;
}

// No synth: the tree is complete once the constructs are built, and nothing is written to disk.
const EXAMPLES: ReadonlyArray<{ readonly name: string; readonly build: () => IConstruct }> = [
  {
    name: "multi-env",
    build: () => {
      const app = new App();
      addEtlSecretsStacks(app, loadInventory(join(ROOT, "examples", "multi-env", "connectors.yaml")));
      return app;
    },
  },
  {
    name: "compose-in-own-stack",
    build: () => {
      const app = new App();
      new BillingStack(app, "billing-prod", loadInventory(join(ROOT, "examples", "compose-in-own-stack", "connectors.yaml")));
      return app;
    },
  },
  {
    // The committed copy of the acme fixture (test/fixtures/inventories), so a clone always has it.
    name: "acme",
    build: () => {
      const app = new App();
      addEtlSecretsStacks(app, loadInventory(fixturePath("acme.yaml")));
      return app;
    },
  },
];

describe("construct trees of the examples (construct ids are a contract)", () => {
  it.each(EXAMPLES.map((example) => [example.name, example] as const))("%s keeps every construct id", (name, example) => {
    // GIVEN the committed tree
    const file = join(TREES, `${name}.txt`);
    // WHEN the example is built
    const actual = treeText(example.build());
    if (UPDATE) writeFileSync(file, actual);
    // THEN every node path is the committed one (a missing file fails: it is never created silently)
    expect(existsSync(file)).toBe(true);
    expect(actual).toBe(readFileSync(file, "utf8"));
  });
});

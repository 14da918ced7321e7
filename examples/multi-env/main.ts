// Synthesizes the example inventory: one stack per environment, Vault cluster and AWS account.
// Run from the repository root with `npx cdktf synth`, or here with `npx cdktf synth` too.
import { join } from "node:path";
import { App } from "cdktf";
import { addEtlSecretsStacks, InventoryError, loadInventory } from "../../lib";

function main(): void {
  let inventory;
  try {
    inventory = loadInventory(join(__dirname, "connectors.yaml"));
  } catch (error) {
    if (!(error instanceof InventoryError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const app = new App();
  // The committed address ledger: a synth that would destroy production data without a retirement in
  // the inventory fails, retirements become `removed` blocks, and the file is updated on success.
  addEtlSecretsStacks(app, inventory, { ledger: join(__dirname, "..", "..", "ledger", "multi-env.ledger") });
  app.synth();
}

main();

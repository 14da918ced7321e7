/*
 * Canary values placed where a careless implementation would pick them up (the environment of the
 * synth process: VAULT_TOKEN, AWS keys, TF_VAR_ values for the very variables the stacks declare;
 * a secret written into a refused spec field) never appear in any synthesized file or message.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { fixtureDocument, INVENTORIES } from "./vault/support";

const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "bin", "etl-secrets");
const CANARY = "CanaryZ7q4Xw9";
const canaries = {
  VAULT_TOKEN: `hvs.${CANARY}VaultToken0000000000`,
  VAULT_ADDR: `https://${CANARY.toLowerCase()}-addr.example`,
  AWS_SECRET_ACCESS_KEY: `${CANARY}AwsSecretKey/abcdefghijklmnop`,
  // An obviously fake key id (canary), built at run time so no key-shaped literal is committed.
  AWS_ACCESS_KEY_ID: ["AKIA", "CANARY", "0000000000"].join(""),
  AWS_SESSION_TOKEN: `${CANARY}SessionToken`,
  TF_VAR_vault_db_bootstrap_orders_postgres_main: `${CANARY}BootstrapOrders`,
  TF_VAR_vault_db_bootstrap_redshift_sink_db: `${CANARY}BootstrapRedshift`,
  GOOGLE_APPLICATION_CREDENTIALS: `/tmp/${CANARY}-gcp.json`,
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function synth(inventory: string, out: string) {
  return spawnSync(CLI, ["synth", inventory, "--out", out], {
    cwd: ROOT,
    env: { ...process.env, ...canaries },
    encoding: "utf8",
    timeout: 120_000,
  });
}

function leaks(text: string): string[] {
  return [CANARY, CANARY.toLowerCase(), "AKIACANARY"].filter((c) => text.includes(c));
}

describe("canaries", () => {
  it.each(["acme.yaml", "realworld.yaml"])("never reach any file synthesized from %s, or its messages", (name) => {
    const out = mkdtempSync(join(tmpdir(), "etl-canary-"));
    const result = synth(join(INVENTORIES, name), out);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.status).toBe(0);
    const written = files(out);
    expect(written.some((f) => f.endsWith(join("prod", "cdk.tf.json")))).toBe(true);
    for (const file of written) expect({ file, leaks: leaks(readFileSync(file).toString("latin1")) }).toEqual({ file, leaks: [] });
    expect(leaks(result.stdout + result.stderr)).toEqual([]);
    // The stacks declare the bootstrap variables the TF_VAR_ canaries are named after, without a value.
    if (name === "acme.yaml") {
      const prod = JSON.parse(readFileSync(join(out, "stacks", "prod", "cdk.tf.json"), "utf8"));
      expect(prod.variable.vault_db_bootstrap_orders_postgres_main.default).toBeUndefined();
    }
  });

  it("a secret in a refused spec field is refused, never echoed, and nothing is synthesized", () => {
    const doc = fixtureDocument("acme.yaml");
    const orders = doc.connectors.find((c: { id: string }) => c.id === "orders-postgres");
    orders.credential.database.password = `${CANARY}InSpec`;
    orders.credential.password = `${CANARY}InSpecToo`;
    const dir = mkdtempSync(join(tmpdir(), "etl-canary-spec-"));
    const file = join(dir, "inventory.yaml");
    writeFileSync(file, stringify(doc));
    const out = join(dir, "out");
    const result = synth(file, out);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/password/);
    expect(result.stderr).toMatch(/nothing was synthesized/);
    expect(leaks(result.stdout + result.stderr)).toEqual([]);
    expect(existsSync(join(out, "stacks"))).toBe(false);
  });
});

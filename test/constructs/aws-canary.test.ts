/*
 * Canary: credentials in the synthesizing process's environment never reach the output. Canary
 * values are set for the variables a deployer typically has (AWS keys, a Vault token, TF_VAR_*)
 * before anything is built, then every synthesized file is searched, inside the rotation zips too.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { synthesizeInventory } from "../../lib/constructs/synthesize";
import { fixtureInventory } from "../support/inventories";

const CANARIES: Record<string, string> = {
  // An obviously fake key id (canary), built at run time so no key-shaped literal is committed.
  AWS_ACCESS_KEY_ID: ["AKIA", "CANARY", "0000000001"].join(""),
  AWS_SECRET_ACCESS_KEY: "canary-aws-secret-7f3e9a1c2b4d",
  AWS_SESSION_TOKEN: "canary-aws-session-5d6e7f8a9b0c",
  VAULT_TOKEN: "hvs.canaryVaultToken0123456789abcdef",
  TF_VAR_db_password: "canary-tf-var-password-1a2b3c",
  TF_VAR_vault_bootstrap_password: "canary-tf-var-bootstrap-4d5e6f",
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe("canary", () => {
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [name, value] of Object.entries(CANARIES)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  afterAll(() => {
    for (const name of Object.keys(CANARIES)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it.each(["acme.yaml", "realworld.yaml"] as const)("no canary value appears in any file synthesized from %s, zips included", (fixture) => {
    const out = mkdtempSync(join(tmpdir(), "etl-secrets-canary-"));
    try {
      synthesizeInventory(fixtureInventory(fixture), out);
      const written = files(out);
      const zips = written.filter((path) => path.endsWith(".zip"));
      if (fixture === "acme.yaml") expect(zips.length).toBeGreaterThan(0);
      const texts: [string, string][] = written.map((path) => [path, readFileSync(path).toString("latin1")]);
      for (const zip of zips) {
        for (const [entry, bytes] of Object.entries(unzipSync(readFileSync(zip))))
          texts.push([`${zip}!${entry}`, Buffer.from(bytes).toString("latin1")]);
      }
      for (const [path, text] of texts) {
        for (const [name, value] of Object.entries(CANARIES)) {
          expect({ path, name, found: text.includes(value) }).toEqual({ path, name, found: false });
        }
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

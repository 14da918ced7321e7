/**
 * The two live fixtures (test/fixtures/live/) together reach every Vault resource type the library
 * emits that OpenBao serves, and the live applier has a handler for each: so the live suite (CI, the
 * applier) and the real-provider round trip (locally, tools/live/provider-round-trip.ts) apply them all.
 */
import { generateKeyPairSync } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { validateDocument } from "../../../lib/inventory/validate";
import { HANDLERS } from "../../../tools/live/vault-resources";
import { synthFiles } from "../../support/synth";

const REPO = join(__dirname, "..", "..", "..");
const FIXTURES = ["vault-only.yaml", "vault-coverage.yaml"].map((name) => join(REPO, "test/fixtures/live", name));

/** Types the library emits that OpenBao 2.7 cannot take, and why. */
const NOT_ON_OPENBAO: Readonly<Record<string, string>> = {
  vault_audit:
    "OpenBao declares audit devices in its server configuration (the live suite starts it with the emitted openbao-audit.hcl) and refuses them through the API",
  vault_aws_auth_backend_role: "OpenBao has no AWS auth method",
  vault_aws_secret_backend: "OpenBao has no AWS secrets engine",
  vault_aws_secret_backend_role: "OpenBao has no AWS secrets engine",
  vault_gcp_secret_backend: "OpenBao has no GCP secrets engine",
  vault_gcp_secret_roleset: "OpenBao has no GCP secrets engine",
};

/** vault_* resource types of every provider class the library imports (deep paths, one per type). */
function emittedTypes(): string[] {
  const types = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) {
        for (const match of readFileSync(path, "utf8").matchAll(/@cdktf\/provider-vault\/lib\/([a-z0-9-]+)/g)) {
          if (match[1] !== "provider" && !match[1].startsWith("data-")) types.add(`vault_${match[1].replace(/-/g, "_")}`);
        }
      }
    }
  };
  walk(join(REPO, "lib"));
  return [...types].sort();
}

/** Resource types of every stack a live fixture synthesizes to, its run-time placeholders filled with public test values. */
function fixtureTypes(file: string): string[] {
  const publicKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "pem" }).toString();
  const text = readFileSync(file, "utf8")
    .replace(/LIVE_JWT_PUBLIC_KEY/g, JSON.stringify(publicKey).slice(1, -1))
    .replace(/LIVE_KUBERNETES_CA_CERT/g, "-----BEGIN CERTIFICATE-----\\nMIIBtest\\n-----END CERTIFICATE-----\\n");
  const outcome = validateDocument(parse(text));
  if (!outcome.ok || !outcome.inventory) throw new Error(`${file}: ${JSON.stringify(outcome.issues)}`);
  const types = new Set<string>();
  for (const [path, content] of synthFiles(outcome.inventory)) {
    if (!path.endsWith("cdk.tf.json")) continue;
    for (const type of Object.keys(JSON.parse(Buffer.from(content, "base64").toString("utf8")).resource ?? {})) types.add(type);
  }
  return [...types].sort();
}

describe("live fixtures", () => {
  const emitted = emittedTypes();
  const covered = new Set(FIXTURES.flatMap(fixtureTypes));

  it("reach every Vault resource type the library emits that OpenBao serves", () => {
    expect(emitted.length).toBeGreaterThan(20);
    expect(emitted.filter((type) => !covered.has(type) && !(type in NOT_ON_OPENBAO))).toEqual([]);
  });

  it("set aside only types the library really emits (no stale exclusion)", () => {
    expect(Object.keys(NOT_ON_OPENBAO).filter((type) => !emitted.includes(type))).toEqual([]);
  });

  it("hold only types the live applier can apply", () => {
    expect([...covered].filter((type) => type.startsWith("vault_") && !HANDLERS[type])).toEqual([]);
  });
});

import type { StackFile } from "../../lib/analysis/access-model/synth-dir";
import type { IntentManifest } from "../../lib/intent/types";
import { forgetBlocks, guardRemovals, ownerResolver, specPathOfOwner, type Ledger, type LedgerEntry } from "../../lib/ledger";
import type { Retirement } from "../../lib/inventory/schema/retirement";
import { fixtureDocument, fixtureInventory } from "../support/inventories";

const entry = (stack: string, address: string, identity: string, owner: string): LedgerEntry => ({ stack, address, identity, owner });
const SECRET = entry("prod", "aws_secretsmanager_secret.s", "aws://1/eu secret acme/prod/c/main", "prod:c/main");
const POLICY = entry("prod", "aws_secretsmanager_secret_policy.p", "aws://1/eu secret-policy [secret acme/prod/c/main]", "prod:c/main");
const KEY = entry("prod", "aws_kms_key.k", "aws://1/eu kms-key", "prod");
const DEV_SECRET = entry("dev", "aws_secretsmanager_secret.s", "aws://2/eu secret acme/dev/c/main", "dev:c/main");

function ledger(entries: LedgerEntry[], forgotten: LedgerEntry[] = []): Ledger {
  return { stacks: new Map([["prod", "production"], ["dev", "non-production"]]), entries, forgotten };
}

function stackFile(name: string, removed: string[] = []): StackFile {
  return { name, file: `${name}.json`, json: removed.length ? { removed: removed.map((from) => ({ from, lifecycle: { destroy: false } })) } : {} };
}

const retire = (r: Partial<Retirement>): Retirement => ({ environment: "prod", on: "2026-11-30", destroy: false, ...r }) as Retirement;
const ENVS = new Set(["prod", "dev"]);

describe("the removal guard", () => {
  it("refuses production data that vanishes or is replaced without a retirement; access objects and non-production data may go", () => {
    const committed = ledger([SECRET, POLICY, DEV_SECRET, entry("prod", "aws_s3_bucket.b", "aws://global s3-bucket one", "prod")]);
    const current = ledger([entry("prod", "aws_s3_bucket.b", "aws://global s3-bucket two", "prod")]);
    const guard = guardRemovals(committed, current, [stackFile("prod"), stackFile("dev")], [], ENVS);
    expect(guard.refusals.map((r) => `${r.kind} ${r.entry.address}`)).toEqual(["replaced aws_s3_bucket.b", "removed aws_secretsmanager_secret.s"]);
  });

  it("asks for removed blocks only for data a keeping retirement covers, never for an address the stack still has", () => {
    const committed = ledger([SECRET, POLICY, KEY]);
    const blocks = forgetBlocks(committed, [retire({ connector: "c" })], [{ name: "prod", addresses: new Set([KEY.address]) }], ENVS);
    expect([...blocks]).toEqual([["prod", [SECRET.address]]]);
    expect(forgetBlocks(committed, [retire({ connector: "c", destroy: true, approvedBy: "o" })], [{ name: "prod", addresses: new Set([KEY.address]) }], ENVS).size).toBe(0);
  });

  it("forgets environment-wide production data an edit made unnecessary while the environment stays, not when it is gone", () => {
    const committed = ledger([KEY]);
    expect([...forgetBlocks(committed, [], [{ name: "prod", addresses: new Set() }], ENVS)]).toEqual([["prod", [KEY.address]]]);
    expect(forgetBlocks(committed, [], [{ name: "prod", addresses: new Set() }], new Set(["dev"])).size).toBe(0);
  });

  it("keeps a forgotten object recorded while its retirement stays, and drops it when the retirement goes", () => {
    const committed = ledger([], [SECRET]);
    const current = ledger([]);
    expect(guardRemovals(committed, current, [stackFile("prod", [SECRET.address])], [retire({ connector: "c" })], ENVS).next.forgotten).toEqual([SECRET]);
    expect(guardRemovals(committed, current, [stackFile("prod")], [], ENVS).next.forgotten).toEqual([]);
  });

  it("accepts a destruction a retirement asks for and reports it as destroyed", () => {
    const guard = guardRemovals(ledger([SECRET]), ledger([]), [stackFile("prod")], [retire({ connector: "c", credential: "main", destroy: true, approvedBy: "o" })], ENVS);
    expect(guard.refusals).toEqual([]);
    expect(guard.retired.map((r) => `${r.entry.address} ${r.outcome}`)).toEqual([`${SECRET.address} destroyed`]);
  });
});

describe("owners and spec paths", () => {
  const intent = {
    environments: [
      { name: "prod", production: true, stack: "prod", vault: { namespace: "etl/prod", clusterStack: "vault-x" } },
      { name: "staging", production: false, stack: "staging", vault: { namespace: "etl/staging", clusterStack: "vault-x" } },
    ],
  } as unknown as IntentManifest;

  it("reads the connector and credential from the construct path, the environment from the stack", () => {
    const prod = ownerResolver(intent, "prod");
    expect(prod("prod/aws/secret-hubspot-api_main/secret")).toEqual({ environment: "prod", connector: "hubspot-api", credential: "main" });
    expect(prod("prod/vault/connector-orders-postgres/main/database/connection")).toEqual({ environment: "prod", connector: "orders-postgres", credential: "main" });
    expect(prod("prod/aws/keys/secrets-key")).toEqual({ environment: "prod" });
    const cluster = ownerResolver(intent, "vault-x");
    expect(cluster("vault-x/namespace-etl--prod")).toEqual({ environment: "prod" });
    expect(cluster("vault-x/namespace-etl")).toEqual({});
  });

  it("names the credential as written (the `credential:` shorthand in the raw document), or where the retirement goes", () => {
    const owner = { environment: "prod", connector: "hubspot-api", credential: "main" };
    expect(specPathOfOwner(fixtureDocument("acme.yaml"), owner)).toEqual(["connectors", 5, "credential"]);
    expect(specPathOfOwner(fixtureInventory("acme.yaml"), owner)).toEqual(["connectors", 5, "credentials", "main"]);
    expect(specPathOfOwner(fixtureInventory("acme.yaml"), { ...owner, connector: "gone" })).toEqual(["retirements"]);
    expect(specPathOfOwner(fixtureInventory("acme.yaml"), { environment: "prod" })).toEqual(["environments", 3]);
  });
});

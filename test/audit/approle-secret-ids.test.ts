/*
 * AppRole secret-id use (the weak Vault dormancy signal): which roles map to which credentials,
 * and how the accessor lookups become access records (newest date, no coverage, refusals unknown).
 */
import { declaredOf } from "../../lib/audit/declared";
import { appRoleUsesOf, readAppRoleSecretIdUse } from "../../lib/audit/readers/approle-secret-ids";
import type { Call } from "../../lib/audit/readers/vault-metadata";
import { planInventory } from "../../lib/plan/inventory-plan";
import { fixtureInventory } from "../support/inventories";

describe("AppRole secret-id use", () => {
  it("maps each AppRole consumer to the value paths it reads, leaving quarantined grants out", () => {
    const inventory = fixtureInventory("acme.yaml");
    const prod = planInventory(inventory).environments.find((e) => e.name === "prod")!;
    // price-files reads only legacy-ftp, which is quarantined in prod: a login says nothing about it.
    expect(prod.serviceAccounts.find((a) => a.id === "price-files")?.grants.map((g) => g.quarantined)).toEqual([true]);
    expect(appRoleUsesOf(prod, declaredOf(prod, inventory.retirements, []))).toEqual([
      { role: "payments-ingest", valueLocations: ["kv/data/connectors/stripe-api/main"] },
    ]);
  });

  it("keeps the newest creation or last-update date of a role's secret ids, and reports refusals as unknown", async () => {
    const calls: string[] = [];
    const call: Call = async (method, path, body) => {
      calls.push(`${method} ${path}`);
      if (method === "LIST" && path === "auth/approle/role/a/secret-id") return { status: 200, body: { data: { keys: ["x", "y", "z"] } } };
      if (method === "LIST" && path === "auth/approle/role/b/secret-id") return { status: 404, body: undefined };
      if (method === "LIST") return { status: 403, body: undefined };
      const accessor = (body as { secret_id_accessor: string }).secret_id_accessor;
      if (accessor === "x")
        return { status: 200, body: { data: { creation_time: "2026-03-01T10:00:00Z", last_updated_time: "2026-04-02T10:00:00Z" } } };
      if (accessor === "y")
        return { status: 200, body: { data: { creation_time: "2026-03-05T10:00:00Z", last_updated_time: "0001-01-01T00:00:00Z" } } };
      return { status: 403, body: undefined };
    };
    const uses = [
      { role: "a", valueLocations: ["kv/data/one", "kv/data/two"] },
      { role: "b", valueLocations: ["kv/data/three"] },
      { role: "c", valueLocations: ["kv/data/four"] },
    ];
    const observed = await readAppRoleSecretIdUse({ address: "https://vault.example", token: "t", mount: "approle", uses }, call);
    expect(observed.accesses).toEqual([
      { location: "kv/data/one", last: "2026-04-02T10:00:00.000Z", source: "approle-secret-id" },
      { location: "kv/data/two", last: "2026-04-02T10:00:00.000Z", source: "approle-secret-id" },
    ]);
    expect(observed.coverage).toEqual([]);
    expect(observed.unreadable).toEqual([
      { location: "auth/approle/role/a/secret-id-accessor/lookup", why: "Vault refused to look up a secret id accessor (403)" },
      { location: "auth/approle/role/c/secret-id", why: "Vault refused to list it (403)" },
    ]);
    expect(calls.filter((c) => c.startsWith("POST"))).toHaveLength(3);
  });
});

import { changedInventory, defaultChange } from "../../bench/changed-inventory";
import { benchInventory, type BenchInventoryOptions } from "../../bench/inventory";
import { validateDocument } from "../../lib/inventory/validate";

const options: BenchInventoryOptions = { connectors: 40, environments: 4, consumers: 200, mix: "mixed" };

describe("the benchmark's changed inventory (the head of the review)", () => {
  it("adds the generator's next connectors and removes as many of the base's, each retired in every production environment", () => {
    const base = benchInventory(options);
    const { document, summary } = changedInventory(options, { added: 3, removed: 2 });
    const ids = new Set(document.connectors.map((c) => c.id));
    expect(summary.added).toEqual(["connector-00040", "connector-00041", "connector-00042"]);
    expect(summary.removed).toHaveLength(2);
    for (const id of summary.added) expect(base.connectors.some((c) => c.id === id)).toBe(false);
    for (const id of summary.removed) {
      expect(ids.has(id)).toBe(false);
      expect(base.connectors.some((c) => c.id === id)).toBe(true);
    }
    expect(document.connectors).toHaveLength(base.connectors.length + 3 - 2);
    const production = base.environments.filter((env) => env.tier === "production").map((env) => env.name);
    expect(production.length).toBeGreaterThan(0);
    expect(
      (document.retirements ?? [])
        .map((r) => r as { connector: string; environment: string })
        .map((r) => `${r.connector}@${r.environment}`)
        .sort(),
    ).toEqual(summary.removed.flatMap((id) => production.map((env) => `${id}@${env}`)).sort());
  });

  it("never removes the shared master the alternating-user connectors rotate with", () => {
    const { summary } = changedInventory(options, { added: 1, removed: 39 });
    expect(summary.removed).not.toContain("db-admin");
  });

  it("grants exactly one consumer read on one more connector of the same store, with the same login, and leaves every other connector as it was", () => {
    const base = benchInventory(options);
    const { document, summary } = changedInventory(options, { added: 1, removed: 1 });
    const grant = summary.accessGranted!;
    expect(grant).toBeDefined();
    const before = new Map(base.connectors.map((c) => [c.id, c]));
    const changed = document.connectors.filter((c) => before.has(c.id) && JSON.stringify(c) !== JSON.stringify(before.get(c.id)));
    expect(changed.map((c) => c.id)).toEqual([grant.connector]);
    const target = changed[0];
    const original = before.get(grant.connector)!;
    expect(target.consumers.slice(0, original.consumers.length)).toEqual(original.consumers);
    expect(target.consumers.slice(original.consumers.length).map((c) => c.id)).toEqual([grant.consumer]);
    const granted = target.consumers[target.consumers.length - 1];
    const elsewhere = base.connectors.find((c) => c.id !== grant.connector && c.consumers.some((x) => x.id === grant.consumer))!;
    expect(elsewhere.store).toBe(target.store);
    expect(granted).toEqual(elsewhere.consumers.find((x) => x.id === grant.consumer));
  });

  it.each(["aws", "mixed"] as const)("is a valid inventory (%s)", (mix) => {
    const { document } = changedInventory({ ...options, mix }, defaultChange(options.connectors));
    const result = validateDocument(document);
    expect(result.issues.filter((issue) => issue.severity === "error")).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("changes about 2 % of the connectors by default, at least one, and never removes all of them", () => {
    expect(defaultChange(1000)).toEqual({ added: 20, removed: 20 });
    expect(defaultChange(100)).toEqual({ added: 2, removed: 2 });
    expect(defaultChange(10)).toEqual({ added: 1, removed: 1 });
    expect(defaultChange(3).removed).toBe(0);
  });
});

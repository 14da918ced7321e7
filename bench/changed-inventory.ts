/*
 * The head of the benchmark's review: bench/inventory.ts's inventory after a realistic pull request.
 * Some connectors are added (the generator's next ones), some are removed (each retired in every
 * production environment, as the house requires of a production credential), and one consumer is
 * granted read on one more connector of the same store. Pure: the same input gives the same change.
 */
import { benchInventory, type BenchConnector, type BenchDocument, type BenchInventoryOptions } from "./inventory";

export interface InventoryChange {
  readonly added: number;
  readonly removed: number;
}

export interface ChangeSummary {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** The consumer granted read on one more connector; undefined when the inventory is too small for one. */
  readonly accessGranted?: { readonly consumer: string; readonly connector: string };
}

/** A record only: no output depends on the date. */
const RETIRED_ON = "2026-06-01";

/** The default change at a size: about 2 % of the connectors added and as many removed, at least one of each. */
export function defaultChange(connectors: number): InventoryChange {
  const some = Math.max(1, Math.round(connectors * 0.02));
  return { added: some, removed: Math.min(some, Math.max(0, connectors - 3)) };
}

export function changedInventory(
  options: BenchInventoryOptions,
  change: InventoryChange,
): { readonly document: BenchDocument; readonly summary: ChangeSummary } {
  const base = benchInventory(options);
  const grown = benchInventory({ ...options, connectors: options.connectors + change.added });
  const added = grown.connectors.slice(base.connectors.length);
  // Removable: the generated connectors (not the shared master at index 0), evenly spread.
  const removable = base.connectors.slice(1);
  const count = Math.min(change.removed, removable.length);
  const removed = new Set<string>();
  for (let k = 0; k < count; k++) removed.add(removable[Math.floor(((k + 0.5) * removable.length) / count)].id);
  const kept = base.connectors.filter((connector) => !removed.has(connector.id));

  const grant = accessGrant(kept);
  const connectors: BenchConnector[] = kept.map((connector) =>
    grant && connector.id === grant.connector ? { ...connector, consumers: [...connector.consumers, grant.entry] } : connector,
  );
  const production = base.environments.filter((env) => env.tier === "production").map((env) => env.name);
  const retirements = [...removed].flatMap((connector) =>
    production.map((environment) => ({
      connector,
      environment,
      on: RETIRED_ON,
      reason: "Decommissioned: the source system was switched off",
    })),
  );
  return {
    document: { ...base, connectors: [...connectors, ...added], retirements: [...(base.retirements ?? []), ...retirements] },
    summary: {
      added: added.map((connector) => connector.id),
      removed: [...removed],
      ...(grant ? { accessGranted: { consumer: grant.entry.id, connector: grant.connector } } : {}),
    },
  };
}

/** The first connector's first consumer, granted on the next connector of the same store it cannot read yet. */
function accessGrant(
  connectors: readonly BenchConnector[],
): { readonly connector: string; readonly entry: BenchConnector["consumers"][number] } | undefined {
  for (const source of connectors) {
    const entry = source.consumers[0];
    if (!entry) continue;
    const target = connectors.find(
      (other) => other !== source && other.store === source.store && !other.consumers.some((c) => c.id === entry.id),
    );
    if (target) return { connector: target.id, entry };
  }
  return undefined;
}

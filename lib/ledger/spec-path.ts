/*
 * From an owner (environment, connector, credential) to the place in the inventory a person edits:
 * the spec path of the credential, the connector, the environment, or `retirements` when what was
 * there is gone. Works on the raw document (which knows the `credential:` shorthand) and on the
 * normalized inventory alike.
 */
import type { SpecPath } from "../inventory/issues";
import type { LedgerOwner } from "./attribution";

type Loose = Readonly<Record<string, unknown>>;

function list(value: unknown): Loose[] {
  return Array.isArray(value) ? value.filter((item): item is Loose => typeof item === "object" && item !== null) : [];
}

/** Where the object of an owner is declared, or where its retirement goes when it is gone. */
export function specPathOfOwner(document: unknown, owner: LedgerOwner): SpecPath {
  const doc = (typeof document === "object" && document !== null ? document : {}) as Loose;
  if (!owner.environment) return [];
  const connectors = list(doc.connectors);
  if (owner.connector !== undefined) {
    const index = connectors.findIndex((c) => c.id === owner.connector);
    if (index < 0) return ["retirements"];
    const connector = connectors[index];
    const lifecycle = connector.lifecycle as Loose | undefined;
    if (lifecycle?.state === "retired" && lifecycle.destroyOnRetire === true) return ["connectors", index, "lifecycle", "destroyOnRetire"];
    const environments = (connector.environments ?? {}) as Loose;
    if (!(owner.environment in environments)) return ["connectors", index, "environments"];
    if (owner.credential === undefined) return ["connectors", index];
    const credentials = (connector.credentials ?? {}) as Loose;
    if (owner.credential in credentials) return ["connectors", index, "credentials", owner.credential];
    if (connector.credential !== undefined && owner.credential === "main") return ["connectors", index, "credential"];
    return ["connectors", index, "credentials"];
  }
  const envIndex = list(doc.environments).findIndex((e) => e.name === owner.environment);
  return envIndex < 0 ? ["retirements"] : ["environments", envIndex];
}

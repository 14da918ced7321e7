import { join } from "node:path";
import { yamlFileDocument } from "../support/yaml-file-document";
import { planInventory } from "../../lib/plan/inventory-plan";
import type { InventoryPlan } from "../../lib/plan/types";
import type { Inventory } from "../../lib/inventory/model";
import { validateDocument } from "../../lib/inventory/validate";

export const EXAMPLE = join(__dirname, "..", "..", "examples", "multi-env", "connectors.yaml");

/** The shipped example's document, to extend or mutate. */
export function exampleDocument(): Record<string, any> {
  return yamlFileDocument(EXAMPLE);
}

export function inventoryOf(doc: unknown): Inventory {
  const result = validateDocument(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.issues.filter((i) => i.severity === "error").slice(0, 3)));
  return result.inventory!;
}

export function planOf(doc: unknown): InventoryPlan {
  return planInventory(inventoryOf(doc));
}

export const examplePlan = (): InventoryPlan => planOf(exampleDocument());

const LIFECYCLE = { createdOn: "2026-01-01", reviewBy: "2027-01-01", state: "active" };

/** A small AWS-stored connector read by one consumer. */
export function awsConnector(
  id: string,
  consumer: Record<string, unknown>,
  credential: Record<string, unknown> = { type: "api-key", rotation: { days: 90, reminder: true } },
): Record<string, unknown> {
  return {
    id,
    purpose: `Test connector ${id}`,
    owner: "growth-team",
    system: "database" in credential ? "postgresql" : "http-api",
    sensitivity: "moderate",
    store: "aws",
    credential,
    consumers: [consumer],
    environments: { dev: {}, prod: {} },
    lifecycle: LIFECYCLE,
  };
}

/** A small Vault-stored connector read by one consumer. */
export function vaultConnector(
  id: string,
  consumer: Record<string, unknown>,
  credential: Record<string, unknown> = { type: "api-key", rotation: { days: 90, reminder: true } },
): Record<string, unknown> {
  return {
    id,
    purpose: `Test connector ${id}`,
    owner: "growth-team",
    system: "database" in credential ? "postgresql" : "http-api",
    sensitivity: "moderate",
    store: "vault",
    credential,
    consumers: [consumer],
    environments: { dev: {}, prod: {} },
    lifecycle: LIFECYCLE,
  };
}

/** The example with connectors added. */
export function exampleWith(...connectors: Record<string, unknown>[]): InventoryPlan {
  const doc = exampleDocument();
  doc.connectors.push(...connectors);
  return planOf(doc);
}

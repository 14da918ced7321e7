import { SENSITIVITY_CLASSES, TIER_CLASSES, strictestSensitivity } from "../spec/class-defaults";
import { parseDuration } from "../spec/duration";
import type { Consumer, Environment, Inventory } from "../spec/model";
import { sortBy } from "./compare";
import type { CredentialPlan, GrantPlan, ServiceAccountPlan } from "./types";

/**
 * Service accounts of one environment: every consumer id declared under the connectors that live
 * there, merged into one account with the grants of all of them and the strictest class.
 */
export function planServiceAccounts(
  inventory: Inventory,
  environment: Environment,
  credentials: readonly CredentialPlan[],
): ServiceAccountPlan[] {
  const declarations = new Map<string, { consumer: Consumer; connectorId: string; store: "vault" | "aws"; sensitivity: Inventory["connectors"][number]["sensitivity"] }[]>();
  for (const connector of inventory.connectors) {
    if (!(environment.name in connector.environments)) continue;
    if (connector.lifecycle.state === "retired") continue;
    for (const consumer of connector.consumers) {
      const list = declarations.get(consumer.id) ?? [];
      list.push({ consumer, connectorId: connector.id, store: connector.store, sensitivity: connector.sensitivity });
      declarations.set(consumer.id, list);
    }
  }
  const credentialsByConnector = new Map<string, CredentialPlan[]>();
  for (const plan of credentials) {
    const list = credentialsByConnector.get(plan.connectorId) ?? [];
    list.push(plan);
    credentialsByConnector.set(plan.connectorId, list);
  }
  const accounts: ServiceAccountPlan[] = [];
  for (const [id, declared] of declarations) {
    const sensitivity = strictestSensitivity(declared.map((d) => d.sensitivity));
    const limits = SENSITIVITY_CLASSES[sensitivity];
    const tier = TIER_CLASSES[environment.tier];
    const grants: GrantPlan[] = [];
    for (const { consumer, connectorId } of declared) {
      for (const plan of credentialsByConnector.get(connectorId) ?? []) {
        if (consumer.credentials && !consumer.credentials.includes(plan.name)) continue;
        grants.push({
          credentialId: plan.id,
          connectorId,
          credentialName: plan.name,
          type: plan.type,
          quarantined: plan.quarantined,
          writeBack: plan.credential.type === "oauth-client" && plan.credential.refreshTokenRotates,
        });
      }
    }
    const lease = declared.map((d) => d.consumer.lease).find((l) => l !== undefined);
    const requestedMax = lease ? parseDuration(lease.max) : undefined;
    const auth = declared[0].consumer.auth;
    accounts.push({
      id,
      auth,
      store: declared[0].store,
      sensitivity,
      descriptions: [...new Set(declared.map((d) => d.consumer.description).filter((d): d is string => !!d))].sort(),
      grants: sortBy(grants, (g) => g.credentialId),
      tokenTtlSeconds: limits.leaseDefaultSeconds,
      tokenMaxTtlSeconds: requestedMax !== undefined && requestedMax > limits.leaseMaxSeconds ? requestedMax : limits.leaseMaxSeconds,
      leaseException: requestedMax !== undefined && requestedMax > limits.leaseMaxSeconds ? lease?.reason : undefined,
      approle:
        auth.method === "approle"
          ? { secretIdTtlSeconds: limits.secretIdTtlSeconds, secretIdUses: tier.secretIdUses, cidrs: [...(auth.cidrs ?? [])].sort() }
          : undefined,
    });
  }
  return sortBy(accounts, (a) => a.id);
}

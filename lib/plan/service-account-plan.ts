import { SENSITIVITY_CLASSES, TIER_CLASSES, strictestSensitivity } from "../inventory/class-defaults";
import { parseDuration } from "../inventory/duration";
import type { Consumer, Environment, Inventory } from "../inventory/model";
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
  const declarations = new Map<string, Declaration[]>();
  for (const connector of inventory.connectors) {
    if (!(environment.name in connector.environments)) continue;
    if (connector.lifecycle.state === "retired") continue;
    for (const consumer of connector.consumers) {
      const declaration: Declaration = { consumer, connectorId: connector.id, store: connector.store, sensitivity: connector.sensitivity };
      const list = declarations.get(consumer.id);
      if (list) list.push(declaration);
      else declarations.set(consumer.id, [declaration]);
    }
  }
  // A grant says nothing of its reader: one per credential, shared by every account granted it.
  const grantsByConnector = new Map<string, { readonly name: string; readonly grant: GrantPlan }[]>();
  for (const plan of credentials) {
    const grant: GrantPlan = {
      credentialId: plan.id,
      connectorId: plan.connectorId,
      credentialName: plan.name,
      type: plan.type,
      quarantined: plan.quarantined,
      writeBack: plan.credential.type === "oauth-client" && plan.credential.refreshTokenRotates,
    };
    const list = grantsByConnector.get(plan.connectorId);
    if (list) list.push({ name: plan.name, grant });
    else grantsByConnector.set(plan.connectorId, [{ name: plan.name, grant }]);
  }
  const tier = TIER_CLASSES[environment.tier];
  const accounts: ServiceAccountPlan[] = [];
  for (const [id, declared] of declarations) {
    const first = declared[0];
    const sensitivity = strictestSensitivity(declared.map((d) => d.sensitivity));
    const limits = SENSITIVITY_CLASSES[sensitivity];
    const grants: GrantPlan[] = [];
    let lease: Consumer["lease"];
    const descriptions: string[] = [];
    for (const { consumer, connectorId } of declared) {
      for (const { name, grant } of grantsByConnector.get(connectorId) ?? []) {
        if (consumer.credentials && !consumer.credentials.includes(name)) continue;
        grants.push(grant);
      }
      if (lease === undefined) lease = consumer.lease;
      if (consumer.description && !descriptions.includes(consumer.description)) descriptions.push(consumer.description);
    }
    const requestedMax = lease ? parseDuration(lease.max) : undefined;
    const auth = first.consumer.auth;
    accounts.push({
      id,
      auth,
      store: first.store,
      sensitivity,
      descriptions: descriptions.sort(),
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

interface Declaration {
  readonly consumer: Consumer;
  readonly connectorId: string;
  readonly store: "vault" | "aws";
  readonly sensitivity: Inventory["connectors"][number]["sensitivity"];
}

/* Every location the intent declares, in every environment, so that cross-environment attempts are evaluated too. */
import type { IntentManifest } from "../../../intent/types";
import type { LocationSet } from "./locations";

export function readIntentLocations(intent: IntentManifest, locations: LocationSet): void {
  for (const env of intent.environments) {
    for (const credential of env.credentials) {
      for (const location of credential.locations) {
        const common = {
          environment: env.name,
          credentialId: credential.id,
          connectorId: credential.connectorId,
          origin: ["intent"] as const,
        };
        if (location.store === "vault") {
          locations.add({
            store: "vault",
            id: location.resource,
            cluster: location.cluster,
            namespace: location.namespace,
            path: location.path,
            kind: location.kind,
            ...common,
          });
        } else {
          locations.add({
            store: "aws",
            id: location.resource,
            name: location.secretName,
            accountId: location.accountId,
            region: location.region,
            tags: {},
            ...common,
          });
        }
      }
    }
  }
}

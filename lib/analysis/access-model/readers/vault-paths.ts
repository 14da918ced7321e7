/*
 * Vault paths the synth output writes: KV v2 secrets (their data and metadata paths) and generic
 * endpoints and secrets. A generic write that configures access (policies, auth, mounts,
 * identity) is an issue: it is not modelled.
 */
import type { VaultPathKind } from "../../../intent/types";
import { resourceIds } from "../../../intent/ids";
import type { VaultLocation } from "../types";
import { reportAt, vaultAt, vaultEnvironment, type ReadContext, type Resolved } from "./context";
import type { LocationSet } from "./locations";
import { str } from "./values";

export function readVaultPaths(context: ReadContext, locations: LocationSet): void {
  const at = (r: Resolved, path: string, kind: VaultPathKind) => vaultLocation(context, r, path, kind);
  for (const r of context.ofType("vault_kv_secret_v2")) {
    const mount = str(r.config.mount);
    const name = str(r.config.name);
    if (!mount || !name) continue;
    locations.add(at(r, `${mount}/data/${name}`, "data"));
    locations.add(at(r, `${mount}/metadata/${name}`, "metadata"));
  }
  for (const r of [...context.ofType("vault_generic_endpoint"), ...context.ofType("vault_generic_secret")]) {
    const path = (str(r.config.path) ?? "").replace(/^\/+/, "");
    if (/^(sys\/(policy|policies|auth|mounts|namespaces)|auth\/|identity\/)/.test(path)) {
      reportAt(context, r, "error", `${r.resource.type} writes "${path}", which configures access; not modelled`);
      continue;
    }
    const metadata = /^(.+)\/metadata\/(.+)$/.exec(path);
    if (metadata) {
      locations.add(at(r, path, "metadata"));
      locations.add(at(r, `${metadata[1]}/data/${metadata[2]}`, "data"));
    } else if (r.resource.type === "vault_generic_secret") locations.add(at(r, path, "data"));
  }
}

function vaultLocation(context: ReadContext, r: Resolved, path: string, kind: VaultPathKind): VaultLocation {
  const { cluster, namespace } = vaultAt(r);
  // .../data|metadata/connectors/<connector>/<credential>: the credential a path holds.
  const key = /(?:^|\/)(?:data|metadata)\/connectors\/([^/]+)\/([^/]+)$/.exec(path);
  return {
    store: "vault",
    id: resourceIds.vaultPath(cluster, namespace, path),
    cluster,
    namespace,
    path,
    kind,
    environment: vaultEnvironment(context, cluster, namespace, path, r.stack.name),
    ...(key ? { credentialId: `${key[1]}/${key[2]}`, connectorId: key[1] } : {}),
    origin: ["synth"],
    address: r.resource.address,
  };
}

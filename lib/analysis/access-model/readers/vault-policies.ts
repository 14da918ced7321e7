/* vault_policy: every Vault policy of the synth output, parsed, by cluster, namespace and name. */
import { parseVaultPolicy, type ParsedPolicy } from "../../../vault-hcl/policy-document";
import { reportAt, vaultAt, type ReadContext } from "./context";
import { str } from "./values";

export class VaultPolicies {
  private readonly byKey = new Map<string, ParsedPolicy>();

  get(cluster: string, namespace: string, name: string): ParsedPolicy | undefined {
    return this.byKey.get(VaultPolicies.key(cluster, namespace, name));
  }

  set(cluster: string, namespace: string, name: string, policy: ParsedPolicy): void {
    this.byKey.set(VaultPolicies.key(cluster, namespace, name), policy);
  }

  private static key(cluster: string, namespace: string, name: string): string {
    return `${cluster}|${namespace}|${name}`;
  }
}

export function readVaultPolicies(context: ReadContext): VaultPolicies {
  const policies = new VaultPolicies();
  for (const r of context.ofType("vault_policy")) {
    const name = str(r.config.name);
    const text = str(r.config.policy);
    if (!name || text === undefined) {
      reportAt(context, r, "error", "vault_policy without a literal name and policy text");
      continue;
    }
    try {
      const { cluster, namespace } = vaultAt(r);
      policies.set(cluster, namespace, name, parseVaultPolicy(name, text));
    } catch (error) {
      reportAt(context, r, "error", `policy text cannot be read: ${(error as Error).message}`);
    }
  }
  return policies;
}

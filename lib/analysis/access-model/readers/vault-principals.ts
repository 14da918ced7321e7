/*
 * Vault principals: auth roles (every type of VAULT_AUTH_ROLE_TYPES), identity groups and the
 * policies vault_identity_group_policies adds to a group. One principal may be written by several
 * resources (a group and its policies): their addresses and policies add up.
 */
import type { ParsedPolicy } from "../../../vault-hcl/policy-document";
import { principalIds } from "../../../intent/ids";
import { VAULT_AUTH_ROLE_TYPES } from "../resource-types";
import type { Principal, VaultPrincipal } from "../types";
import { reportAt, vaultAt, vaultEnvironment, type ReadContext, type Resolved } from "./context";
import type { VaultPolicies } from "./vault-policies";
import { byText } from "../../../shared/text-order";
import { str, strings } from "./values";

export function readVaultPrincipals(context: ReadContext, vaultPolicies: VaultPolicies, principals: Map<string, Principal>): void {
  const add = (r: Resolved, id: string, names: readonly string[]) => addVaultPrincipal(context, vaultPolicies, principals, r, id, names);
  for (const [type, shape] of Object.entries(VAULT_AUTH_ROLE_TYPES)) {
    for (const r of context.ofType(type)) {
      const role = str(r.config[shape.roleArgument]);
      const mount = str(r.config.backend) ?? shape.defaultMount;
      if (!role || mount.includes("${")) {
        reportAt(context, r, "error", `auth role without a literal ${shape.roleArgument} and backend: it cannot be evaluated`);
        continue;
      }
      const { cluster, namespace } = vaultAt(r);
      add(r, principalIds.vaultAuthRole(cluster, namespace, mount, role), strings(r.config.token_policies));
    }
  }
  const groupsByAddress = new Map<string, { r: Resolved; id: string }>();
  for (const r of context.ofType("vault_identity_group")) {
    const name = str(r.config.name) ?? r.resource.name;
    const { cluster, namespace } = vaultAt(r);
    const id = principalIds.vaultGroup(cluster, namespace, name);
    groupsByAddress.set(`${r.stack.name}/${r.resource.address}`, { r, id });
    add(r, id, strings(r.config.policies));
  }
  for (const r of context.ofType("vault_identity_group_policies")) {
    const raw = str(r.resource.raw.group_id) ?? "";
    const match = /^\$\{(vault_identity_group\.[\w-]+)\.id\}$/.exec(raw);
    const group = match && groupsByAddress.get(`${r.stack.name}/${match[1]}`);
    if (!group) {
      reportAt(
        context,
        r,
        "error",
        `group_id "${raw}" does not name a vault_identity_group of this stack; its policies cannot be evaluated (not modelled)`,
      );
      continue;
    }
    add(group.r, group.id, strings(r.config.policies));
  }
}

function addVaultPrincipal(
  context: ReadContext,
  vaultPolicies: VaultPolicies,
  principals: Map<string, Principal>,
  r: Resolved,
  id: string,
  names: readonly string[],
): void {
  const { cluster, namespace } = vaultAt(r);
  const declared = context.intentPrincipals.get(id);
  const policies: ParsedPolicy[] = [];
  const missing: string[] = [];
  for (const name of [...new Set(names)].sort(byText)) {
    const policy = vaultPolicies.get(cluster, namespace, name);
    if (policy) policies.push(policy);
    else if (name !== "default") missing.push(name);
  }
  for (const name of missing) {
    reportAt(context, r, "warning", `token policy "${name}" is not in the synth output; it is evaluated as granting nothing`);
  }
  const previous = principals.get(id) as VaultPrincipal | undefined;
  principals.set(id, {
    kind: "vault",
    id,
    stack: r.stack.name,
    address: previous ? `${previous.address}, ${r.resource.address}` : r.resource.address,
    environment: declared?.env.name ?? vaultEnvironment(context, cluster, namespace, "", r.stack.name),
    ...(declared ? { class: declared.principal.class } : {}),
    cluster,
    namespace,
    type: r.resource.type,
    policyNames: [...new Set([...(previous?.policyNames ?? []), ...names])].sort(byText),
    policies: [...(previous?.policies ?? []), ...policies],
    missingPolicies: [...(previous?.missingPolicies ?? []), ...missing],
  });
}

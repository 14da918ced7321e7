/*
 * The naming oracle: the server-side identities an accepted inventory will create, written from the
 * services' side (how Vault routes a cluster, namespace and mount; how IAM compares role names;
 * which names one Terraform stack or one synth output holds), WITHOUT calling the library's naming
 * code. Two different spec tuples that land on one identity are a collision the validator missed.
 *
 * It over-approximates what is created (a role for every aws-iam consumer that names one): a
 * collision it reports must be refused by validation even when today only one side is created.
 */
import type { Inventory } from "../../lib/inventory/model";

export interface OracleIdentity {
  /** Where names are unique: `vault://host[:port]/namespace`, `iam://account`, `tfvar://stack`, `stacks`. */
  readonly scope: string;
  /** The name as the service compares it. */
  readonly key: string;
  /** The spec tuple that produced it; one tuple may produce one name many times. */
  readonly source: string;
}

export interface OracleCollision {
  readonly scope: string;
  readonly key: string;
  readonly sources: readonly string[];
}

/** Vault's view of a cluster: lower-case host without trailing dot; 443 and 8200 are the one listener. */
export function oracleCluster(address: string): string {
  const match = /^(https?):\/\/([^/:]+)(?::(\d+))?\/?$/i.exec(address);
  if (!match) return address;
  const host = match[2].toLowerCase().replace(/\.+$/, "");
  const port = match[3] && match[3] !== "443" && match[3] !== "8200" && match[3] !== "80" ? `:${match[3]}` : "";
  return `${host}${port}`;
}

export function oracleIdentities(inventory: Inventory): OracleIdentity[] {
  const out: OracleIdentity[] = [];
  const add = (scope: string, key: string, source: string) => out.push({ scope, key, source });
  const org = inventory.organization;
  const accounts = new Set<string>();
  const clusters = new Set<string>();
  for (const env of inventory.environments) {
    add("stacks", env.name, `environment ${env.name}`);
    if (env.aws) accounts.add(env.aws.accountId);
    if (env.vault) clusters.add(oracleCluster(env.vault.address));
  }
  for (const account of accounts) add("stacks", `aws-${account}`, `account ${account}`);
  for (const cluster of clusters) add("stacks", `vault-${cluster.replace(/[^a-z0-9]+/g, "-")}`, `cluster ${cluster}`);

  for (const env of inventory.environments) {
    const connectors = inventory.connectors.filter(
      (c) => Object.prototype.hasOwnProperty.call(c.environments, env.name) && c.lifecycle.state !== "retired",
    );
    if (env.vault && env.stores.includes("vault")) {
      const namespace = env.vault.isolation === "namespace" ? (env.vault.namespace ?? "").replace(/^\/+|\/+$/g, "") : "";
      const prefix = env.vault.isolation === "mount" ? `${env.vault.mountPrefix ?? `etl-${env.name}`}/` : "";
      const scope = `vault://${oracleCluster(env.vault.address)}/${namespace}`;
      add(scope, `sys/mounts/${prefix}kv`, `environment ${env.name}`);
      add(scope, `sys/auth/${prefix}approle`, `environment ${env.name}`);
      add(scope, `sys/policies/acl/${env.name}-operator`, `operators of ${env.name}`);
      add(scope, `sys/policies/acl/${env.name}-break-glass`, `break-glass of ${env.name}`);
      add(scope, `sys/policies/acl/${env.name}-rotation`, `rotation of ${env.name}`);
      for (const connector of connectors.filter((c) => c.store === "vault")) {
        for (const consumer of connector.consumers)
          add(scope, `sys/policies/acl/${env.name}-consumer-${consumer.id}`, `consumer ${consumer.id} of ${env.name}`);
        for (const [name, credential] of Object.entries(connector.credentials)) {
          if (credential.type !== "dynamic-database") continue;
          const source = `credential ${connector.id}/${name}`;
          add(scope, `${prefix}database/config/${connector.id}-${name}`, source);
          add(`tfvar://${env.name}`, `vault_db_bootstrap_${connector.id}_${name}`.replace(/-/g, "_"), source);
          for (const consumer of connector.consumers) {
            if (consumer.credentials && !consumer.credentials.includes(name)) continue;
            add(scope, `${prefix}database/roles/${connector.id}-${name}-${consumer.id}`, `${source} for ${consumer.id}`);
          }
        }
      }
    }
    if (env.aws && env.stores.includes("aws")) {
      const scope = `iam://${env.aws.accountId}`;
      for (const connector of connectors) {
        for (const consumer of connector.consumers) {
          if (consumer.auth.method !== "aws-iam" || consumer.auth.roleArn) continue;
          const name = consumer.auth.roleName ? `${consumer.auth.roleName}-${env.name}` : `${org}-${env.name}-${consumer.id}`;
          add(scope, name.toLowerCase(), `consumer ${consumer.id} of ${env.name}`);
        }
        if (connector.store !== "aws") continue;
        for (const [name, credential] of Object.entries(connector.credentials)) {
          if (credential.type !== "cloud-role") continue;
          const role = credential.roleName ? `${credential.roleName}-${env.name}` : `${org}-${env.name}-${connector.id}-${name}`;
          add(scope, role.toLowerCase(), `cloud role ${connector.id}/${name} of ${env.name}`);
        }
      }
    }
  }
  return out;
}

export function oracleCollisions(identities: readonly OracleIdentity[]): OracleCollision[] {
  const groups = new Map<string, Set<string>>();
  for (const identity of identities) {
    const key = `${identity.scope}\u0000${identity.key}`;
    const sources = groups.get(key) ?? new Set<string>();
    sources.add(identity.source);
    groups.set(key, sources);
  }
  const collisions: OracleCollision[] = [];
  for (const [key, sources] of groups) {
    if (sources.size < 2) continue;
    const [scope, name] = key.split("\u0000");
    collisions.push({ scope, key: name, sources: [...sources].sort() });
  }
  return collisions.sort((a, b) => (a.scope + a.key < b.scope + b.key ? -1 : 1));
}

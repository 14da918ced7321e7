import { quoted, shownAs } from "../display";
import { formatPath, type SpecPath } from "../issues";
import { defaultMountPrefix } from "../schema/environment";
import { vaultClusterIdentity } from "../vault-address";
import { asArray, asRecord, asString, type RawEnvironment, type RuleContext } from "./raw-view";

/** Ids are addresses: two things with one id would share (and destroy) each other's resources. */
export function checkUniqueness(ctx: RuleContext): void {
  unique(
    ctx,
    "owner id",
    asArray(ctx.root.owners).map((o, i) => [asString(asRecord(o)?.id), ["owners", i, "id"]]),
  );
  unique(
    ctx,
    "environment name",
    ctx.environments.map((env) => [env.name, [...env.path, "name"]]),
  );
  unique(
    ctx,
    "connector id",
    ctx.connectors.map((c) => [c.id, [...c.path, "id"]]),
  );
  for (const connector of ctx.connectors) {
    // One consumer or none cannot repeat an id (most connectors: no message to prepare).
    if (connector.consumers.length < 2) continue;
    unique(
      ctx,
      "consumer id",
      connector.consumers.map((consumer) => [asString(consumer.value.id), [...consumer.path, "id"]]),
      `in connector ${quoted(connector.id)}`,
    );
  }
  // Two environments on one Vault cluster must not share a namespace or a mount prefix; a cluster
  // is its normalized host and port, however each environment spells the address.
  const byCluster = environmentsByCluster(ctx.environments);
  for (const envs of byCluster.values()) {
    reportSpellings(ctx, envs);
    unique(
      ctx,
      "Vault namespace",
      envs
        .filter((env) => env.vault?.isolation === "namespace")
        .map((env) => [asString(env.vault?.namespace), [...env.path, "vault", "namespace"]]),
      "on one Vault cluster",
    );
    nestedNamespaces(ctx, envs);
    unique(
      ctx,
      "Vault mount prefix",
      envs
        .filter((env) => env.vault?.isolation === "mount")
        .map((env) => [asString(env.vault?.mountPrefix) ?? defaultMountPrefix(env.name ?? ""), [...env.path, "vault", "mountPrefix"]]),
      "on one Vault cluster",
    );
  }
  // A created IAM role name is unique in its account.
  const roleOwners = new Map<string, string>();
  for (const connector of ctx.connectors) {
    for (const consumer of connector.consumers) {
      const auth = asRecord(consumer.value.auth);
      const roleName = asString(auth?.roleName);
      const consumerId = asString(consumer.value.id);
      if (auth?.method !== "aws-iam" || !roleName || !consumerId) continue;
      const owner = roleOwners.get(roleName);
      if (owner !== undefined && owner !== consumerId) {
        ctx.report(
          [...consumer.path, "auth", "roleName"],
          "duplicate-role-name",
          `IAM role ${quoted(roleName)} is already the role of consumer ${quoted(owner)}; each consumer needs its own role name`,
        );
      } else {
        roleOwners.set(roleName, consumerId);
      }
    }
  }
}

/** `within` says where the value must be unique ("in connector x", "on one Vault cluster"). */
function unique(ctx: RuleContext, what: string, entries: [string | undefined, SpecPath][], within?: string): void {
  const seen = new Map<string, SpecPath>();
  for (const [value, path] of entries) {
    if (value === undefined) continue;
    const first = seen.get(value);
    if (first) {
      ctx.report(
        path,
        "duplicate-id",
        `duplicate ${what} ${what.startsWith("Vault") ? shownAs("vault-path", value) : quoted(value)}${within ? ` ${within}` : ""} (first declared at ${formatPath(first)}); each ${what} must be unique`,
      );
    } else {
      seen.set(value, path);
    }
  }
}

/**
 * Environments by the Vault cluster they reach (lib/inventory/vault-address.ts): `https://VAULT.acme.example`
 * and `https://vault.acme.example:8200` are one cluster. Unparsable addresses are left to the schema.
 */
export function environmentsByCluster(environments: readonly RawEnvironment[]): Map<string, RawEnvironment[]> {
  const byCluster = new Map<string, RawEnvironment[]>();
  for (const env of environments) {
    const address = asString(env.vault?.address);
    const cluster = address === undefined ? undefined : vaultClusterIdentity(address)?.key;
    if (cluster !== undefined) byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), env]);
  }
  return byCluster;
}

/**
 * An environment's namespace inside another's (`etl` and `etl/dev` on one cluster): the outer
 * environment's policies, tokens and operators reach the inner one's paths, so it is no boundary.
 */
function nestedNamespaces(ctx: RuleContext, envs: readonly RawEnvironment[]): void {
  const namespaced = envs
    .filter((env) => env.vault?.isolation === "namespace")
    .map((env) => ({ env, namespace: asString(env.vault?.namespace)?.replace(/^\/+|\/+$/g, "") }))
    .filter((entry): entry is { env: RawEnvironment; namespace: string } => entry.namespace !== undefined && entry.namespace !== "");
  for (const inner of namespaced) {
    for (const outer of namespaced) {
      if (!inner.namespace.startsWith(`${outer.namespace}/`)) continue;
      ctx.report(
        [...inner.env.path, "vault", "namespace"],
        "nested-namespace",
        `lies inside the namespace of environment ${quoted(outer.env.name)} (${formatPath([...outer.env.path, "vault", "namespace"])}) on one Vault cluster, ` +
          "whose policies, tokens and people would reach it: give each environment a namespace of its own, side by side (etl/dev beside etl/prod)",
      );
    }
  }
}

/** One cluster spelled two ways works (it is one cluster), but the cluster stack talks to one spelling only. */
function reportSpellings(ctx: RuleContext, envs: readonly RawEnvironment[]): void {
  const spelling = (env: RawEnvironment) => asString(env.vault?.address)?.trim().replace(/\/+$/, "");
  const first = envs[0];
  for (const env of envs.slice(1)) {
    if (spelling(env) === spelling(first)) continue;
    ctx.report(
      [...env.path, "vault", "address"],
      "vault-address-spelling",
      `reaches the same Vault cluster as ${formatPath([...first.path, "vault", "address"])}, spelled differently (case, default port or trailing dot); ` +
        "it is one cluster, so the environments share its namespaces, mounts and object names: write the address the same way in both",
      "warning",
    );
  }
}

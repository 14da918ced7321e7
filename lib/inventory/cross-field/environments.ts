import { formatPath, type SpecPath } from "../issues";
import { isDisplayableId, quoted, shown, shownAs } from "../display";
import { defaultMountPrefix } from "../schema/environment";
import { vaultAddress } from "../schema/primitives";
import { vaultClusterIdentity } from "../vault-address";
import { environmentsByCluster } from "./uniqueness";
import { asArray, asRecord, asString, type RuleContext } from "./raw-view";

/** What each environment's settings must agree on: stores, editions, isolation, approvals. */
// long-function: what each environment's settings must agree on (store settings present, one edition per cluster, isolation, approvals), one pass over the environments sharing the per-cluster indexes
export function checkEnvironments(ctx: RuleContext): void {
  const editionsByAddress = new Map<string, { edition: string; name: string | undefined; path: SpecPath }>();
  for (const env of ctx.environments) {
    for (const store of ["vault", "aws"] as const) {
      const settings = env.value[store];
      if (env.stores.includes(store) && settings === undefined) {
        ctx.report(
          [...env.path, store],
          "missing-store-settings",
          store === "vault"
            ? "is required because stores lists vault: give address, isolation (and edition)"
            : "is required because stores lists aws: give accountId and region",
        );
      }
    }
    const vault = env.vault;
    if (!vault) {
      if (env.value.approvals !== undefined) {
        ctx.report(
          [...env.path, "approvals"],
          "approvals-need-vault",
          "approvals are Vault control groups: the environment needs vault settings",
        );
      }
      continue;
    }
    const edition = asString(vault.edition) ?? "community";
    const isolation = asString(vault.isolation);
    if (isolation === "namespace" && edition === "community") {
      ctx.report(
        [...env.path, "vault", "isolation"],
        "namespace-needs-edition",
        "namespaces need Vault Enterprise or OpenBao (edition: enterprise | openbao); Vault community supports isolation: mount",
      );
    }
    if (isolation === "namespace" && vault.namespace === undefined) {
      ctx.report(
        [...env.path, "vault", "namespace"],
        "required",
        "is required with isolation: namespace (for example etl/" + (env.name && isDisplayableId(env.name) ? env.name : "prod") + ")",
      );
    }
    if (isolation === "mount" && vault.namespace !== undefined) {
      ctx.report(
        [...env.path, "vault", "namespace"],
        "namespace-with-mount-isolation",
        "is only used with isolation: namespace; remove it or switch isolation",
      );
    }
    if (isolation === "namespace" && vault.mountPrefix !== undefined) {
      ctx.report(
        [...env.path, "vault", "mountPrefix"],
        "mount-prefix-with-namespace",
        "is only used with isolation: mount; a namespace already separates mounts",
      );
    }
    if (env.value.approvals !== undefined && edition !== "enterprise") {
      ctx.report(
        [...env.path, "approvals"],
        "approvals-need-enterprise",
        `approvals are enforced with control groups, which only Vault Enterprise has (edition here: ${shown(edition)})`,
      );
    }
    const rawAddress = asString(vault.address);
    const address = rawAddress === undefined ? undefined : vaultClusterIdentity(rawAddress)?.key;
    if (rawAddress !== undefined && address === undefined && vaultAddress.safeParse(rawAddress).success) {
      ctx.report(
        [...env.path, "vault", "address"],
        "vault-address-unparsable",
        "has no host and port a client could reach (a port above 65535, a malformed host...): a Vault cluster is identified by its host and port, give a URL such as https://vault.example.com:8200",
      );
    }
    if (address) {
      const first = editionsByAddress.get(address);
      if (!first) editionsByAddress.set(address, { edition, name: env.name, path: [...env.path, "vault", "address"] });
      else if (first.edition !== edition) {
        ctx.report(
          [...env.path, "vault", "edition"],
          "cluster-edition-mismatch",
          `${quoted(edition)} disagrees with environment ${shown(first.name)} on the same cluster (${formatPath(first.path)}, edition ${shown(first.edition)}); environments on one cluster agree`,
        );
      }
    }
    const clusters = asArray(asRecord(vault.auth)?.kubernetes);
    clusters.forEach((cluster, index) => {
      const name = asString(asRecord(cluster)?.name) ?? "default";
      const earlier = clusters.slice(0, index).map((c) => asString(asRecord(c)?.name) ?? "default");
      if (earlier.includes(name)) {
        ctx.report(
          [...env.path, "vault", "auth", "kubernetes", index, "name"],
          "duplicate-id",
          `duplicate Kubernetes cluster name ${quoted(name)}`,
        );
      }
    });
  }
}

/**
 * Namespaces and mounts share one path space on a cluster: a mount prefix `etl/test` cannot sit
 * beside a namespace `etl`, and two prefixes cannot nest (`etl-test` and `etl-test/x`).
 */
export function checkMountPrefixes(ctx: RuleContext): void {
  for (const envs of environmentsByCluster(ctx.environments).values()) {
    const namespaces = envs
      .filter((env) => env.vault?.isolation === "namespace" && typeof env.vault.namespace === "string")
      .map((env) => ({ env, root: (env.vault!.namespace as string).split("/")[0] }));
    const mounted = envs
      .filter((env) => env.vault?.isolation === "mount")
      .map((env) => ({ env, prefix: asString(env.vault?.mountPrefix) ?? defaultMountPrefix(env.name ?? "") }));
    for (const { env, prefix } of mounted) {
      const path = [...env.path, "vault", "mountPrefix"];
      const clash = namespaces.find((ns) => ns.root === prefix.split("/")[0]);
      if (clash) {
        ctx.report(
          path,
          "mount-prefix-collides-with-namespace",
          `mount prefix ${shownAs("vault-path", prefix)} starts with ${shownAs("vault-path", clash.root)}, the namespace of environment ${shown(clash.env.name)} on the same cluster; Vault routes namespaces and mounts through one path space: choose another prefix`,
        );
      }
      const nested = mounted.find((other) => other.env !== env && prefix.startsWith(`${other.prefix}/`));
      if (nested) {
        ctx.report(
          path,
          "mount-prefix-nested",
          `mount prefix ${shownAs("vault-path", prefix)} lies inside ${shownAs("vault-path", nested.prefix)} of environment ${shown(nested.env.name)}; prefixes on one cluster must not nest`,
        );
      }
    }
  }
}

/**
 * S3 bucket names are at most 63 characters, and the audit buckets of an AWS account are named
 * `<organization>-<12-digit account>-etl-secrets-access-logs` (lib/plan/names.ts): 37 characters
 * besides the organization.
 */
export const MAX_ORGANIZATION_LENGTH_WITH_AWS = 63 - 37;

export function checkOrganizationFitsAwsNames(ctx: RuleContext): void {
  const organization = asString(ctx.root.organization);
  if (organization === undefined || organization.length <= MAX_ORGANIZATION_LENGTH_WITH_AWS) return;
  const withAws = ctx.environments.filter((env) => env.aws !== undefined);
  if (withAws.length === 0) return;
  ctx.report(
    ["organization"],
    "organization-too-long-for-aws",
    `is ${organization.length} characters; with AWS environments (${withAws.map((env) => shown(env.name)).join(", ")}) it names the audit buckets ` +
      `<organization>-<account>-etl-secrets-access-logs, which S3 limits to 63 characters: use at most ${MAX_ORGANIZATION_LENGTH_WITH_AWS}`,
  );
}

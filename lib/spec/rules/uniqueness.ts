import { quoted, shownAs } from "../display";
import { formatPath, type SpecPath } from "../issues";
import { defaultMountPrefix } from "../schema/environment";
import { asArray, asRecord, asString, type RuleContext } from "./raw-view";

/** Ids are addresses: two things with one id would share (and destroy) each other's resources. */
export function checkUniqueness(ctx: RuleContext): void {
  unique(ctx, "owner id", asArray(ctx.root.owners).map((o, i) => [asString(asRecord(o)?.id), ["owners", i, "id"]]));
  unique(ctx, "environment name", ctx.environments.map((env) => [env.name, [...env.path, "name"]]));
  unique(ctx, "connector id", ctx.connectors.map((c) => [c.id, [...c.path, "id"]]));
  for (const connector of ctx.connectors) {
    unique(
      ctx,
      "consumer id",
      connector.consumers.map((consumer) => [asString(consumer.value.id), [...consumer.path, "id"]]),
      `in connector ${quoted(connector.id)}`,
    );
  }
  // Two environments on one Vault cluster must not share a namespace or a mount prefix.
  const byCluster = new Map<string, typeof ctx.environments[number][]>();
  for (const env of ctx.environments) {
    const address = asString(env.vault?.address)?.replace(/\/$/, "");
    if (address) byCluster.set(address, [...(byCluster.get(address) ?? []), env]);
  }
  for (const envs of byCluster.values()) {
    unique(
      ctx,
      "Vault namespace",
      envs.filter((env) => env.vault?.isolation === "namespace").map((env) => [asString(env.vault?.namespace), [...env.path, "vault", "namespace"]]),
      "on one Vault cluster",
    );
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

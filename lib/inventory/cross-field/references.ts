import { quoted, shown } from "../display";
import { asArray, asRecord, asString, list, type RuleContext } from "./raw-view";

/** Owners, environments, credentials and clusters that the spec refers to must exist. */
export function checkReferences(ctx: RuleContext): void {
  const environmentNames = ctx.environments.map((env) => env.name).filter((n): n is string => !!n);
  for (const connector of ctx.connectors) {
    const owner = asString(connector.value.owner);
    // When owners is not a list at all, that one structural issue says it; no echo per connector.
    if (owner !== undefined && Array.isArray(ctx.root.owners) && !ctx.ownerIds.has(owner)) {
      ctx.report(
        [...connector.path, "owner"],
        "unknown-owner",
        `${quoted(owner)} is not a declared owner; declared owners: ${list(ctx.ownerIds)}`,
      );
    }
    for (const name of connector.environmentNames) {
      if (!ctx.environment(name)) {
        ctx.report(
          [...connector.path, "environments", name],
          "unknown-environment",
          `${quoted(name)} is not a declared environment; declared environments: ${list(environmentNames)}`,
        );
      }
    }
    const credentialNames = connector.credentials.map((credential) => credential.name);
    for (const consumer of connector.consumers) {
      asArray(consumer.value.credentials).forEach((name, index) => {
        if (typeof name === "string" && !credentialNames.includes(name)) {
          ctx.report(
            [...consumer.path, "credentials", index],
            "unknown-credential",
            `${quoted(name)} is not a credential of connector ${quoted(connector.id)}; its credentials: ${list(credentialNames)}`,
          );
        }
      });
      const auth = asRecord(consumer.value.auth);
      const cluster = asString(auth?.cluster) ?? "default";
      if (auth?.method === "kubernetes" && connector.store === "vault") {
        for (const env of ctx.environmentsOf(connector)) {
          const clusters = asArray(asRecord(env.vault?.auth)?.kubernetes).map((c) => asString(asRecord(c)?.name) ?? "default");
          if (clusters.length > 0 && !clusters.includes(cluster)) {
            ctx.report(
              [...consumer.path, "auth", "cluster"],
              "unknown-cluster",
              `Kubernetes cluster ${quoted(cluster)} is not configured in environment ${shown(env.name)} (vault.auth.kubernetes: ${list(clusters)})`,
            );
          }
        }
      }
    }
  }
}

import { quoted, shown } from "../display";
import { formatPath, type SpecPath } from "../issues";
import { asArray, asRecord, asString, list, type RawEnvironment, type RuleContext } from "./raw-view";

/**
 * Trusted orchestrators (`orchestrators:`): each one mints wrapped, single-use AppRole secret ids
 * for the consumers it lists. Refused, all at once with their spec paths:
 * - two orchestrators with one id, or an orchestrator id that is also a consumer id (one id is one
 *   Vault identity: its auth role would be the consumer's);
 * - a `mintsFor` entry that is not a declared consumer, that does not log in with AppRole to a
 *   Vault-stored connector, that repeats, or that names the orchestrator itself;
 * - an `environments` entry that is not declared, that has no Vault, or where none of its consumers
 *   has an AppRole;
 * - in production, an AppRole orchestrator without `auth.cidrs` (as for consumers), and a
 *   Kubernetes cluster the environment does not configure.
 * The derived names (its auth role and policy) are checked against every other name by the
 * identity catalogue (derived-names.ts).
 */
export function checkOrchestrators(ctx: RuleContext): void {
  const orchestrators = asArray(ctx.root.orchestrators);
  if (orchestrators.length === 0) return;

  // Consumer ids: where declared, and with which auth, under which store.
  const consumers = new Map<string, { approleVaultEnvironments: Set<string> }>();
  for (const connector of ctx.connectors) {
    for (const consumer of connector.consumers) {
      const id = asString(consumer.value.id);
      if (id === undefined) continue;
      const entry = consumers.get(id) ?? { approleVaultEnvironments: new Set<string>() };
      consumers.set(id, entry);
      const method = asString(asRecord(consumer.value.auth)?.method);
      if (method === "approle" && connector.store === "vault")
        for (const env of connector.environmentNames) entry.approleVaultEnvironments.add(env);
    }
  }

  const seen = new Map<string, SpecPath>();
  orchestrators.forEach((value, index) => checkOrchestrator(ctx, consumers, seen, value, index));
}

// long-function: one orchestrator entry's rules in the order of its fields (id, auth, environments, production limits), each a few lines; split, they would pass the same five values around
function checkOrchestrator(
  ctx: RuleContext,
  consumers: ReadonlyMap<string, { approleVaultEnvironments: Set<string> }>,
  seen: Map<string, SpecPath>,
  value: unknown,
  index: number,
): void {
  const orchestrator = asRecord(value);
  if (!orchestrator) return;
  const path: SpecPath = ["orchestrators", index];
  const id = asString(orchestrator.id);
  if (id !== undefined) {
    const first = seen.get(id);
    if (first) {
      ctx.report(
        [...path, "id"],
        "duplicate-id",
        `duplicate orchestrator id ${quoted(id)} (first declared at ${formatPath(first)}); each orchestrator id must be unique`,
      );
    } else seen.set(id, [...path, "id"]);
    if (consumers.has(id)) {
      ctx.report(
        [...path, "id"],
        "orchestrator-consumer-clash",
        `${quoted(id)} is also a consumer id; an orchestrator is its own Vault identity (its own auth role and policy), so its id must differ from every consumer id`,
      );
    }
  }

  // Where its consumers have AppRoles.
  const reachable = new Set<string>();
  const listed = new Set<string>();
  asArray(orchestrator.mintsFor).forEach((raw, at) => {
    const consumerId = asString(raw);
    if (consumerId === undefined) return;
    const where: SpecPath = [...path, "mintsFor", at];
    if (listed.has(consumerId)) {
      ctx.report(where, "duplicate-id", `consumer ${quoted(consumerId)} is listed twice; list each consumer once`);
      return;
    }
    listed.add(consumerId);
    if (consumerId === id) {
      ctx.report(
        where,
        "orchestrator-mints-for-itself",
        "an orchestrator may not mint secret ids for itself: it would give itself a second, unbounded login",
      );
      return;
    }
    const consumer = consumers.get(consumerId);
    if (!consumer) {
      ctx.report(
        where,
        "unknown-consumer",
        `consumer ${quoted(consumerId)} is not declared under any connector; list the ids of consumers that log in with AppRole`,
      );
      return;
    }
    if (consumer.approleVaultEnvironments.size === 0) {
      ctx.report(
        where,
        "orchestrator-consumer-not-approle",
        `consumer ${quoted(consumerId)} does not log in with AppRole to a Vault-stored connector; an orchestrator mints AppRole secret ids only (other methods need no delivered secret)`,
      );
      return;
    }
    for (const env of consumer.approleVaultEnvironments) reachable.add(env);
  });

  // Its environments: as listed, or every one where a consumer of it has an AppRole.
  const declaredEnvironments = asArray(orchestrator.environments).flatMap((raw, at) => {
    const name = asString(raw);
    return name === undefined ? [] : [{ name, path: [...path, "environments", at] as SpecPath }];
  });
  const effective: RawEnvironment[] = [];
  if (orchestrator.environments !== undefined) {
    for (const { name, path: where } of declaredEnvironments) {
      const env = ctx.environment(name);
      if (!env) {
        ctx.report(
          where,
          "unknown-environment",
          `environment ${quoted(name)} is not declared (environments: ${list(ctx.environments.map((e) => e.name))})`,
        );
        continue;
      }
      if (!env.vault || !env.stores.includes("vault")) {
        ctx.report(
          where,
          "orchestrator-environment-without-vault",
          `environment ${quoted(name)} has no Vault store; orchestrators mint AppRole secret ids in Vault`,
        );
        continue;
      }
      if (listed.size > 0 && !reachable.has(name)) {
        ctx.report(
          where,
          "orchestrator-environment-without-consumers",
          `none of the consumers it mints for has an AppRole in environment ${quoted(name)}; list only environments where they do`,
        );
        continue;
      }
      effective.push(env);
    }
  } else {
    for (const name of reachable) {
      const env = ctx.environment(name);
      if (env?.vault && env.stores.includes("vault")) effective.push(env);
    }
  }

  const auth = asRecord(orchestrator.auth);
  const method = asString(auth?.method);
  const production = effective.filter((env) => env.production);
  if (method === "approle" && auth && auth.cidrs === undefined && production.length > 0) {
    ctx.report(
      [...path, "auth", "cidrs"],
      "cidrs-required",
      `is required in production (environment ${list(production.map((env) => env.name))}): the orchestrator's own secret ids and tokens are bound to its networks`,
    );
  }
  if (method === "kubernetes" && auth) {
    const cluster = asString(auth.cluster) ?? "default";
    for (const env of effective) {
      const clusters = asArray(asRecord(env.vault?.auth)?.kubernetes).map((c) => asString(asRecord(c)?.name) ?? "default");
      if (clusters.length > 0 && !clusters.includes(cluster)) {
        ctx.report(
          [...path, "auth", "cluster"],
          "unknown-cluster",
          `Kubernetes cluster ${quoted(cluster)} is not configured in environment ${shown(env.name)} (vault.auth.kubernetes: ${list(clusters)})`,
        );
      }
    }
  }
}

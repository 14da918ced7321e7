import { isDeepStrictEqual } from "node:util";
import { quoted, shown, shownAs } from "../display";
import { formatPath, type SpecPath } from "../issues";
import { asRecord, asString, list, type RuleContext } from "./raw-view";

const METHODS_BY_STORE: Record<string, readonly string[]> = {
  vault: ["approle", "jwt", "kubernetes", "aws-iam"],
  // Secrets Manager is reached with an IAM identity: a role, or web identity federation (jwt).
  aws: ["aws-iam", "jwt"],
};

/** Auth methods must fit the store; one consumer id is one service account with one auth. */
// long-function: the auth rules (method fits the store, one auth per consumer id, existing roles not shared across environments) over one pass of the consumers, sharing the indexes that pass builds
export function checkAuth(ctx: RuleContext): void {
  const firstAuth = new Map<string, { auth: unknown; path: SpecPath }>();
  /** Every use of an existing role (roleArn), with the environments it is granted in. */
  const existingRoles = new Map<string, { path: SpecPath; environments: string[] }[]>();
  for (const connector of ctx.connectors) {
    const production = ctx.environmentsOf(connector).filter((env) => env.production);
    for (const consumer of connector.consumers) {
      const auth = asRecord(consumer.value.auth);
      const method = asString(auth?.method);
      const authPath = [...consumer.path, "auth"];
      const allowed = connector.store ? METHODS_BY_STORE[connector.store] : undefined;
      if (method && allowed && METHODS_BY_STORE.vault.includes(method) && !allowed.includes(method)) {
        ctx.report(
          [...authPath, "method"],
          "auth-does-not-fit-store",
          `${shown(method)} cannot read from ${connector.store === "aws" ? "AWS Secrets Manager" : shown(connector.store)}; for store ${shown(connector.store)} use ${allowed.join(" or ")}`,
        );
      }
      if (method === "approle" && auth && auth.cidrs === undefined && production.length > 0) {
        ctx.report(
          [...authPath, "cidrs"],
          "cidrs-required",
          `is required in production (environment ${list(production.map((env) => env.name))}): secret ids and tokens are bound to the job's networks`,
        );
      }
      if (method === "aws-iam" && auth) {
        const { roleName, roleArn, trustedAccount, trustedService } = auth;
        if (roleArn !== undefined && (roleName !== undefined || trustedAccount !== undefined || trustedService !== undefined)) {
          ctx.report(
            [...authPath, "roleArn"],
            "role-arn-exclusive",
            "an existing role (roleArn) cannot be combined with roleName, trustedAccount or trustedService, which describe a role the library creates",
          );
        }
        if (roleArn === undefined && roleName === undefined && trustedAccount === undefined) {
          ctx.report(
            authPath,
            "aws-iam-needs-role",
            "aws-iam needs roleName (a role the library creates), roleArn (an existing role) or trustedAccount (a third party)",
          );
        }
        const arn = asString(roleArn);
        if (arn) {
          const environments = ctx.environmentsOf(connector);
          const uses = existingRoles.get(arn) ?? [];
          uses.push({ path: [...authPath, "roleArn"], environments: environments.flatMap((env) => (env.name ? [env.name] : [])) });
          existingRoles.set(arn, uses);
          const account = /^arn:[^:]+:iam::(\d{12}):role\//.exec(arn)?.[1];
          for (const env of environments) {
            const expected = asString(env.aws?.accountId);
            if (account && expected && account !== expected) {
              ctx.report(
                [...authPath, "roleArn"],
                "existing-role-account",
                `this existing role is in account ${shownAs("account", account)}, but environment ${shown(env.name)} uses account ${shownAs("account", expected)}; an existing role must live in its environment's AWS account`,
              );
            }
          }
        }
      }
      const id = asString(consumer.value.id);
      if (id && auth) {
        const first = firstAuth.get(id);
        if (!first) firstAuth.set(id, { auth: comparable(auth), path: authPath });
        else if (!isDeepStrictEqual(first.auth, comparable(auth))) {
          ctx.report(
            authPath,
            "shared-consumer-auth-mismatch",
            `consumer ${quoted(id)} is also declared at ${formatPath(first.path)} with different auth; one consumer id is one service account, so its auth must agree`,
          );
        }
      }
    }
  }
  // An existing role granted in two environments is one principal across the environment
  // boundary: whatever reaches it reaches both. The library cannot split a role it does not own.
  for (const uses of existingRoles.values()) {
    const environments = new Set(uses.flatMap((use) => use.environments));
    if (environments.size <= 1) continue;
    for (const use of uses) {
      ctx.report(
        use.path,
        "existing-role-one-environment",
        `this existing role is granted in environments ${list(environments)}; an existing role may be used in one environment only (it would be one principal across the environment boundary): give each environment its own role, or use roleName so the library creates <roleName>-<environment>`,
      );
    }
  }
}

/** Auth as it is meant, for comparison: defaults spelled out (cluster default, one audience as a list). */
function comparable(auth: Record<string, unknown>): Record<string, unknown> {
  if (auth.method === "kubernetes") return { ...auth, cluster: auth.cluster ?? "default" };
  if (auth.method === "jwt" && typeof auth.audience === "string") return { ...auth, audience: [auth.audience] };
  return auth;
}

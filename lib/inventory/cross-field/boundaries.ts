import { shown, shownAs } from "../display";
import type { SpecPath } from "../issues";
import { deepMerge } from "./credentials";
import { asArray, asRecord, asString, list, type RawConnector, type RawEnvironment, type RawRecord, type RuleContext } from "./raw-view";

/*
 * Environment and account boundaries that the spec could cross through trust and permissions:
 * a role trusting another environment's account, a third party without an external id, and IAM
 * permissions with wildcards that reach beyond a named resource. Each crossing is refused; an
 * explicit, approved exception (`exceptions:`, rules/exceptions.ts) is the only way across, so
 * every check asks an exception predicate first.
 */

/** One place where the spec would cross a boundary, as the exception predicate sees it. */
export type BoundaryCrossing =
  | {
      readonly kind: "cross-environment-trust";
      readonly path: SpecPath;
      readonly connectorId: string | undefined;
      /** The environment whose role would trust the account. */
      readonly environment: string | undefined;
      /** The cloud-role credential that trusts it, or the consumer whose auth does. */
      readonly credential?: string;
      readonly consumer?: string;
      /** The trusted account, and the environments it belongs to. */
      readonly trustedAccount: string;
      readonly accountEnvironments: readonly string[];
    }
  | {
      readonly kind: "wildcard-permission";
      readonly path: SpecPath;
      readonly connectorId: string | undefined;
      /** One environment the `allow` applies in (the predicate is asked once per environment). */
      readonly environment: string | undefined;
      /** The cloud-role credential whose `allow` it is. */
      readonly credential: string;
      /** The action (`s3:*`) or resource ARN with the wildcard. */
      readonly action: string;
      readonly resource?: string;
    };

/** Answers whether a crossing is covered by an explicit, approved exception. */
export type ExceptionPredicate = (crossing: BoundaryCrossing) => boolean;

export const NO_EXCEPTIONS: ExceptionPredicate = () => false;

const DECLARE_EXCEPTION = "declare an approved exception";

export function checkBoundaries(ctx: RuleContext, isException: ExceptionPredicate = NO_EXCEPTIONS): void {
  checkTrustBoundaries(ctx, isException);
  checkPermissionWildcards(ctx, isException);
}

/** The AWS accounts of the inventory, each with the environments that use it. */
function inventoryAccounts(ctx: RuleContext): Map<string, string[]> {
  const accounts = new Map<string, string[]>();
  for (const env of ctx.environments) {
    const account = asString(env.aws?.accountId);
    if (account) accounts.set(account, [...(accounts.get(account) ?? []), env.name ?? "?"]);
  }
  return accounts;
}

/** Fields of one credential as they are in one environment: the override merged over the base. */
function credentialIn(
  connector: RawConnector,
  name: string,
  base: RawRecord,
  environment: string,
): { value: RawRecord; overridePath?: SpecPath; override?: RawRecord } {
  const overrides = asRecord(asRecord(connector.value.environments)?.[environment]);
  if (!overrides) return { value: base };
  const { credentials: named, ...mainFields } = overrides;
  const envPath = [...connector.path, "environments", environment];
  const fields = name === "main" && Object.keys(mainFields).length > 0 ? mainFields : asRecord(asRecord(named)?.[name]);
  if (!fields) return { value: base };
  const overridePath = fields === mainFields ? envPath : [...envPath, "credentials", name];
  return { value: deepMerge(base, fields), overridePath, override: fields };
}

// long-function: the trust-boundary rules of every connector, environment and credential (cross-environment accounts, cross-environment roles, wildcards), one pass sharing the account index and the exception predicate
function checkTrustBoundaries(ctx: RuleContext, isException: ExceptionPredicate): void {
  const accounts = inventoryAccounts(ctx);
  const crossEnvironment = (
    path: SpecPath,
    connector: RawConnector,
    env: RawEnvironment,
    trusted: string,
    who: { credential?: string; consumer?: string },
  ): void => {
    const own = asString(env.aws?.accountId);
    const owners = accounts.get(trusted);
    if (!own || !owners || trusted === own) return;
    const crossing: BoundaryCrossing = {
      kind: "cross-environment-trust",
      path,
      connectorId: connector.id,
      environment: env.name,
      trustedAccount: trusted,
      accountEnvironments: owners,
      ...who,
    };
    if (isException(crossing)) return;
    ctx.report(
      path,
      "cross-environment-trust",
      `account ${shownAs("account", trusted)} is the AWS account of environment(s) ${list(owners)}, but the role is created in environment ${shown(env.name)} ` +
        `(account ${shownAs("account", own)}): trusting another environment's whole account crosses the environment boundary; ` +
        `trust a principal of this environment (roleName, trustedService) or ${DECLARE_EXCEPTION}`,
    );
  };

  for (const connector of ctx.connectors) {
    const environments = ctx.environmentsOf(connector).filter((env) => env.aws);
    // Cloud roles: the credential's own trustedAccount, per environment (overrides merged).
    for (const credential of connector.credentials.filter((c) => c.type === "cloud-role")) {
      for (const env of environments) {
        const { value, overridePath, override } = credentialIn(connector, credential.name, credential.value, env.name ?? "");
        const trusted = asString(value.trustedAccount);
        if (!trusted) continue;
        const trustedPath =
          override && "trustedAccount" in override ? [...overridePath!, "trustedAccount"] : [...credential.path, "trustedAccount"];
        crossEnvironment(trustedPath, connector, env, trusted, { credential: credential.name });
        if (!accounts.has(trusted) && !asString(value.externalId)) {
          const path =
            override && ("trustedAccount" in override || "externalId" in override)
              ? [...overridePath!, "externalId"]
              : [...credential.path, "externalId"];
          ctx.report(
            path,
            "third-party-needs-external-id",
            `is required: account ${shownAs("account", trusted)} is no account of this inventory (a third party), and a third party's trust needs the external id it issued (sts:ExternalId), against the confused deputy`,
          );
        }
      }
    }
    // Consumers that a third party (or another environment) runs: auth.trustedAccount.
    for (const consumer of connector.consumers) {
      const auth = asRecord(consumer.value.auth);
      const trusted = asString(auth?.trustedAccount);
      if (auth?.method === "aws-iam" && auth.externalId !== undefined && !trusted) {
        ctx.report(
          [...consumer.path, "auth", "externalId"],
          "external-id-without-trusted-account",
          "is only used with trustedAccount (the third party that issued it); remove it, or name the third party's account",
        );
      }
      if (auth?.method !== "aws-iam" || !trusted) continue;
      const authPath = [...consumer.path, "auth"];
      for (const env of environments)
        crossEnvironment(
          [...authPath, "trustedAccount"],
          connector,
          env,
          trusted,
          asString(consumer.value.id) === undefined ? {} : { consumer: asString(consumer.value.id) },
        );
      if (accounts.has(trusted) || asString(auth.externalId)) continue;
      // Without its own external id, the consumer's trust is only guarded where every credential
      // it reads is a cloud role that carries one (and no consumer role is created for it).
      const reads = asArray(consumer.value.credentials).filter((n): n is string => typeof n === "string");
      const read = connector.credentials.filter((c) => reads.length === 0 || reads.includes(c.name));
      const coveredByRoles =
        auth.roleName === undefined &&
        read.length > 0 &&
        read.every(
          (c) =>
            c.type === "cloud-role" &&
            environments.every((env) => asString(credentialIn(connector, c.name, c.value, env.name ?? "").value.externalId)),
        );
      if (coveredByRoles) continue;
      ctx.report(
        [...authPath, "externalId"],
        "third-party-needs-external-id",
        `is required: account ${shownAs("account", trusted)} is no account of this inventory (a third party), and the role it assumes must ask for the external id the third party issued (sts:ExternalId), against the confused deputy`,
      );
    }
  }
}

/** Every `allow` of a connector (credentials and their overrides), with its path, credential and the environments it applies in. */
function allowRecords(
  ctx: RuleContext,
  connector: RawConnector,
): { path: SpecPath; allow: RawRecord; credential: string; environments: readonly (string | undefined)[] }[] {
  const found: { path: SpecPath; allow: RawRecord; credential: string; environments: readonly (string | undefined)[] }[] = [];
  const everywhere = ctx.environmentsOf(connector).map((env) => env.name);
  for (const credential of connector.credentials) {
    const allow = asRecord(credential.value.allow);
    if (allow)
      found.push({
        path: [...credential.path, "allow"],
        allow,
        credential: credential.name,
        environments: everywhere.length > 0 ? everywhere : [undefined],
      });
  }
  for (const [envName, rawOverride] of Object.entries(asRecord(connector.value.environments) ?? {})) {
    const override = asRecord(rawOverride);
    if (!override) continue;
    const envPath = () => [...connector.path, "environments", envName];
    const main = asRecord(override.allow);
    if (main) found.push({ path: [...envPath(), "allow"], allow: main, credential: "main", environments: [envName] });
    const named = asRecord(override.credentials);
    if (!named) continue;
    for (const [name, fields] of Object.entries(named)) {
      const allow = asRecord(asRecord(fields)?.allow);
      if (allow) found.push({ path: [...envPath(), "credentials", name, "allow"], allow, credential: name, environments: [envName] });
    }
  }
  return found;
}

const ARN_FIELDS = ["partition", "service", "region", "account"] as const;

/** Why an ARN reaches beyond a named resource, or undefined when it does not. */
export function arnWildcard(arn: string): string | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined; // the schema reports a malformed ARN
  for (const [index, field] of ARN_FIELDS.entries()) {
    if (parts[index + 1].includes("*") || parts[index + 1].includes("?")) {
      return `a wildcard as the ${field} of an ARN reaches every ${field}`;
    }
  }
  const service = parts[2];
  const resource = parts.slice(5).join(":");
  if (resource === "*" || resource === "") return "a wildcard as the whole resource reaches everything of the service";
  const segments = resource.split(/[/:]/);
  const first = segments.findIndex((segment) => /[*?]/.test(segment));
  if (first < 0) return undefined;
  // S3 names the bucket first; other services name a resource type, then the resource.
  const named = service === "s3" || segments.length === 1 ? 1 : 2;
  if (first < named) {
    return service === "s3"
      ? "a wildcard in the bucket name reaches buckets nobody declared: name the bucket (a trailing /* inside it is fine)"
      : "a wildcard in place of the resource's name reaches every resource of its type: name the resource (a trailing /* inside it is fine)";
  }
  return undefined;
}

function checkPermissionWildcards(ctx: RuleContext, isException: ExceptionPredicate): void {
  for (const connector of ctx.connectors) {
    for (const { path, allow, credential, environments } of allowRecords(ctx, connector)) {
      // Allowed only when an exception covers it in every environment it applies in (each one asked).
      const excepted = (crossing: Omit<Extract<BoundaryCrossing, { kind: "wildcard-permission" }>, "environment">): boolean =>
        environments.map((environment) => isException({ ...crossing, environment })).every(Boolean);
      for (const [action, resources] of Object.entries(allow)) {
        if (/[*?]/.test(action)) {
          if (!excepted({ kind: "wildcard-permission", path: [...path, action], connectorId: connector.id, credential, action })) {
            ctx.report(
              [...path, action],
              "wildcard-action",
              `a wildcard action grants every action it matches (${action === "*" || /:\*$/.test(action) ? "the whole service" : "actions nobody listed"}): name each action (such as s3:GetObject), or ${DECLARE_EXCEPTION}`,
            );
          }
        }
        asArray(resources).forEach((resource, index) => {
          if (typeof resource !== "string") return;
          const why = arnWildcard(resource);
          if (!why) return;
          if (
            excepted({
              kind: "wildcard-permission",
              path: [...path, action, index],
              connectorId: connector.id,
              credential,
              action,
              resource,
            })
          )
            return;
          ctx.report([...path, action, index], "wildcard-resource", `${why}; permissions name exact resources, or ${DECLARE_EXCEPTION}`);
        });
      }
    }
  }
}

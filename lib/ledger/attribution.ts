/*
 * Who a ledger entry belongs to, read from the synth: the environment and, where the resource
 * renders one credential, the connector and credential. A refusal names the spec path and the
 * retirement to write from it. Read from the construct path cdktf records for every resource
 * (`//`.metadata.path) and the intent manifest, never from the plan.
 *
 * Construct paths of the library (ids come from spec keys, principle 2):
 *   <env stack>/vault/connector-<connector>/<credential>/...
 *   <env stack>/aws/secret-<connector>_<credential>/...
 *   <env stack>/aws/cloud-role-<connector>_<credential>/...
 *   <env stack>/aws/vault-engine-roles/<connector>_<credential>/...
 *   <cluster stack>/namespace-<path with "/" as "--">
 * Ids are lower-case slugs without "_", so the split is unambiguous.
 */
import type { IntentManifest } from "../intent/types";

export interface LedgerOwner {
  /** The environment the object serves; undefined for an object several environments share. */
  readonly environment?: string;
  readonly connector?: string;
  readonly credential?: string;
}

/** `-`, `<env>` or `<env>:<connector>/<credential>`: one token, no spaces or tabs. */
export function formatOwner(owner: LedgerOwner): string {
  if (!owner.environment) return "-";
  return owner.connector ? `${owner.environment}:${owner.connector}/${owner.credential ?? "*"}` : owner.environment;
}

export function parseOwner(text: string | undefined): LedgerOwner {
  if (text === undefined || text === "-" || text === "") return {};
  const match = /^([^:]+)(?::([^/]+)\/(.+))?$/.exec(text);
  if (!match) return {};
  return match[2] ? { environment: match[1], connector: match[2], credential: match[3] } : { environment: match[1] };
}

/** The attribution of every resource of one stack, by construct path. */
export function ownerResolver(intent: IntentManifest, stack: string): (constructPath: string | undefined) => LedgerOwner {
  const environments = intent.environments;
  const own = environments.find((env) => env.stack === stack);
  if (own) {
    return (path) => {
      const parts = (path ?? "").split("/");
      if (parts[0] !== stack) return { environment: own.name };
      const [area, child, grandchild] = parts.slice(1);
      let pair: readonly [string, string] | undefined;
      if (area === "vault" && child?.startsWith("connector-") && grandchild) pair = [child.slice("connector-".length), grandchild];
      else if (area === "aws" && child?.startsWith("secret-")) pair = split(child.slice("secret-".length));
      else if (area === "aws" && child?.startsWith("cloud-role-")) pair = split(child.slice("cloud-role-".length));
      else if (area === "aws" && child === "vault-engine-roles" && grandchild) pair = split(grandchild);
      return pair ? { environment: own.name, connector: pair[0], credential: pair[1] } : { environment: own.name };
    };
  }
  // A cluster or account stack: an object belongs to one environment when only that one uses it.
  const users = environments.filter((env) => env.vault?.clusterStack === stack || env.aws?.accountStack === stack);
  const sole = users.length === 1 ? { environment: users[0].name } : {};
  return (path) => {
    const namespace = /^[^/]+\/namespace-([^/]+)$/.exec(path ?? "")?.[1]?.replace(/--/g, "/");
    if (namespace === undefined) return sole;
    // A namespace belongs to the environment that lives in it; a parent shared by several belongs to none.
    const inside = users.filter((env) => env.vault?.namespace === namespace || (env.vault?.namespace ?? "").startsWith(`${namespace}/`));
    return inside.length === 1 ? { environment: inside[0].name } : {};
  };
}

function split(text: string): readonly [string, string] | undefined {
  const cut = text.indexOf("_");
  return cut > 0 ? [text.slice(0, cut), text.slice(cut + 1)] : undefined;
}

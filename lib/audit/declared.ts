import type { ServerObject } from "../analysis/identity/server-objects";
import { credentialKey, secretsManagerName, vaultNames, vaultPaths } from "../plan/names";
import type { CredentialPlan, EnvironmentPlan } from "../plan/types";
import { SENSITIVITY_CLASSES } from "../inventory/class-defaults";
import { controlsOf } from "../inventory/regulation-controls";
import type { Retirement } from "../inventory/schema/retirement";
import type { AuditStore, Declared, DeclaredCredential } from "./types";
import { byText } from "../shared/text-order";

/*
 * What an environment declares, as the audit compares it: credentials from the plan, roles from the
 * synthesized stacks (every Vault auth role, database role and IAM role the stacks write: the same
 * oracle `simulate` uses, so a role the library adds later is never reported as shadow), and the
 * locations retirements keep.
 */

const ROTATION_CHECKED = new Set(["reminder", "secrets-manager", "vault-static-role", "broker"]);

/** Dormancy period of a credential: the class value, or a regulation's when shorter. */
export function dormancyDaysOf(plan: Pick<CredentialPlan, "register">): number {
  const regulated = controlsOf(plan.register.regulations, "dormancy").map(({ control }) => control.days);
  return Math.min(SENSITIVITY_CLASSES[plan.register.sensitivity].dormancyDays, ...regulated);
}

function declaredCredential(environment: EnvironmentPlan, plan: CredentialPlan): DeclaredCredential {
  const owned: string[] = [];
  const values: string[] = [];
  let item: DeclaredCredential["item"];
  if (plan.vault) {
    owned.push(plan.vault.metadataPath);
    if (plan.vault.storedInKv) {
      item = { store: "vault-kv", location: plan.vault.metadataPath };
      values.push(plan.vault.dataPath);
    } else if (plan.rotation.mode === "vault-static-role" && environment.vault) {
      const mount = environment.vault.mounts.database;
      const role = vaultNames.staticRole(plan.connectorId, plan.name);
      item = { store: "vault-database-role", location: `${mount}/static-roles/${role}` };
      values.push(vaultPaths.databaseStaticCreds(mount, role));
    }
  } else if (plan.aws?.storesSecret) {
    item = { store: "secrets-manager", location: plan.aws.secretName };
    values.push(plan.aws.secretName);
  }
  const mode = plan.rotation.mode;
  const rotated = item !== undefined && plan.rotation.days !== undefined && ROTATION_CHECKED.has(mode);
  return {
    id: plan.id,
    connector: plan.connectorId,
    credential: plan.name,
    store: plan.store,
    state: plan.register.state,
    ...(item && { item }),
    valueLocations: values,
    ownedLocations: owned,
    ...(rotated && {
      rotation: { days: plan.rotation.days as number, mode: mode as "reminder" | "secrets-manager" | "vault-static-role" | "broker" },
    }),
    ...(item && { dormancyDays: dormancyDaysOf(plan) }),
    reviewBy: plan.register.reviewBy,
    ...(plan.register.state === "quarantined" && plan.register.quarantinedOn !== undefined
      ? { quarantinedOn: plan.register.quarantinedOn }
      : {}),
  };
}

function roleStore(object: ServerObject): AuditStore | undefined {
  if (object.aws && object.type === "aws_iam_role") return "iam-role";
  const path = object.vault?.path;
  if (path === undefined) return undefined;
  if (/^auth\/.+\/role\/[^/]+$/.test(path)) return "vault-auth-role";
  if (/\/(roles|static-roles)\/[^/]+$/.test(path) && object.type.startsWith("vault_database_")) return "vault-database-role";
  return undefined;
}

/** Roles the environment's stacks write, as the audit's locations (Vault path inside the namespace; IAM role name). */
export function declaredRoles(environment: string, objects: readonly ServerObject[]): Declared["roles"] {
  const roles = new Map<string, { store: AuditStore; location: string }>();
  for (const object of objects) {
    if (object.environment !== environment) continue;
    const store = roleStore(object);
    if (!store) continue;
    const location = store === "iam-role" ? (object.aws?.name ?? "") : (object.vault?.path ?? "");
    roles.set(`${store} ${location}`, { store, location });
  }
  return [...roles.values()].sort((a, b) => byText(a.store + a.location, b.store + b.location));
}

/** What retirements of this environment keep: a credential's KV key and secret, or everything under a connector. */
export function retainedLocations(environment: EnvironmentPlan, retirements: readonly Retirement[]): Declared["retained"] {
  const kv = environment.vault?.mounts.kv;
  const out: Declared["retained"][number][] = [];
  for (const retirement of retirements) {
    if (retirement.environment !== environment.name || retirement.connector === undefined || retirement.destroy) continue;
    const connector = retirement.connector;
    const credential = retirement.credential;
    const who = { connector, ...(credential !== undefined && { credential }) };
    if (credential !== undefined) {
      if (kv) out.push({ store: "vault-kv", location: `${kv}/metadata/${credentialKey(connector, credential)}`, ...who });
      out.push({
        store: "secrets-manager",
        location: secretsManagerName(environment.organization, environment.name, connector, credential),
        ...who,
      });
    } else {
      if (kv) out.push({ store: "vault-kv", location: `${kv}/metadata/connectors/${connector}/`, prefix: true, ...who });
      out.push({
        store: "secrets-manager",
        location: `${environment.organization}/${environment.name}/${connector}/`,
        prefix: true,
        ...who,
      });
    }
  }
  return out;
}

export function declaredOf(environment: EnvironmentPlan, retirements: readonly Retirement[], objects: readonly ServerObject[]): Declared {
  return {
    environment: environment.name,
    credentials: environment.credentials.map((plan) => declaredCredential(environment, plan)),
    roles: declaredRoles(environment.name, objects),
    retained: retainedLocations(environment, retirements),
  };
}

import { TIER_CLASSES } from "../spec/class-defaults";
import { effectiveCredential } from "../spec/effective-credential";
import type { Connector, Environment } from "../spec/model";
import { credentialKey, secretsManagerName, type VaultMountNames } from "./names";
import { planRotation } from "./rotation";
import { rotationPinTags } from "./rotation-pins";
import { awsTagValue, sortedTags } from "./tags";
import type { CredentialPlan, RegisterFields } from "./types";

/** Credential kinds whose value is issued per request, so nothing is stored in KV. */
const ISSUED_KINDS = new Set(["dynamic-database", "certificate"]);

export function isStoredInVaultKv(plan: Pick<CredentialPlan, "type" | "credential" | "rotation">): boolean {
  if (ISSUED_KINDS.has(plan.type)) return false;
  if (plan.rotation.mode === "dynamic" || plan.rotation.mode === "issued" || plan.rotation.mode === "none") return false;
  // Vault database static roles keep the password in the database engine, not in KV.
  return plan.rotation.mode !== "vault-static-role";
}

export function registerFields(connector: Connector): RegisterFields {
  return {
    owner: connector.owner,
    purpose: connector.purpose,
    sensitivity: connector.sensitivity,
    regulations: [...connector.regulations].sort(),
    reviewBy: connector.lifecycle.reviewBy,
    createdOn: connector.lifecycle.createdOn,
    state: connector.lifecycle.state,
  };
}

/** Everything about one credential of one connector in one environment. */
export function planCredential(
  organization: string,
  environment: Environment,
  connector: Connector,
  name: string,
  mounts: VaultMountNames | undefined,
): CredentialPlan {
  const credential = effectiveCredential(connector, name, environment.name);
  const register = registerFields(connector);
  const rotation = planRotation(credential, connector.store, connector.sensitivity, connector.system);
  const id = `${connector.id}/${name}`;
  const base = {
    id,
    connectorId: connector.id,
    name,
    type: credential.type,
    system: connector.system,
    store: connector.store,
    credential,
    register,
    rotation,
    quarantined: connector.lifecycle.state === "quarantined",
    destroyed: connector.lifecycle.state === "retired" && connector.lifecycle.destroyOnRetire,
  };
  const describe: Record<string, string> = {
    connector: connector.id,
    credential: name,
    owner: register.owner,
    purpose: register.purpose,
    sensitivity: register.sensitivity,
    regulations: register.regulations.join("+") || "none",
    "review-by": register.reviewBy,
    lifecycle: register.state,
    rotation: rotation.mode + (rotation.days ? `/${rotation.days}d` : ""),
  };
  if (connector.store === "vault" && mounts) {
    const key = credentialKey(connector.id, name);
    return {
      ...base,
      vault: {
        key,
        dataPath: `${mounts.kv}/data/${key}`,
        metadataPath: `${mounts.kv}/metadata/${key}`,
        customMetadata: sortedTags(describe),
        storedInKv: isStoredInVaultKv({ type: credential.type, credential, rotation }),
      },
    };
  }
  // The exemption travels as a tag, so the rotation check (which reads only the synthesized JSON) sees it.
  const exemption = rotation.exemption ? { "rotation-exemption": rotation.exemption } : {};
  const cleaned = Object.fromEntries(Object.entries({ ...describe, environment: environment.name, ...exemption }).map(([k, v]) => [k, awsTagValue(v)]));
  // Pins are compared verbatim by the rotation function: never cleaned (AWS refuses what it can't hold).
  const tags = { ...cleaned, ...rotationPinTags(credential, connector.system, rotation) };
  return {
    ...base,
    aws: {
      secretName: secretsManagerName(organization, environment.name, connector.id, name),
      recoveryWindowDays: TIER_CLASSES[environment.tier].recoveryWindowDays,
      tags: sortedTags(tags),
      storesSecret: credential.type !== "cloud-role",
    },
  };
}

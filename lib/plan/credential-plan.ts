import { TIER_CLASSES } from "../inventory/class-defaults";
import { effectiveCredential } from "../inventory/effective-credential";
import type { Connector, Environment } from "../inventory/model";
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
    ...(connector.lifecycle.quarantinedOn !== undefined ? { quarantinedOn: connector.lifecycle.quarantinedOn } : {}),
  };
}

/**
 * Register fields by connector: the same in every environment and for every credential of the
 * connector, so a validated (frozen) connector's are computed once and shared by its plans.
 */
const registers = new WeakMap<Connector, RegisterFields>();

function registerOf(connector: Connector): RegisterFields {
  if (!Object.isFrozen(connector)) return registerFields(connector);
  let register = registers.get(connector);
  if (!register) {
    register = registerFields(connector);
    registers.set(connector, register);
  }
  return register;
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
  const register = registerOf(connector);
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
  // Written in sorted key order, so sortedTags finds it in order (its output is the same either way).
  const describe = (): Record<string, string> => ({
    connector: connector.id,
    credential: name,
    lifecycle: register.state,
    owner: register.owner,
    purpose: register.purpose,
    regulations: register.regulations.join("+") || "none",
    "review-by": register.reviewBy,
    rotation: rotation.mode + (rotation.days ? `/${rotation.days}d` : ""),
    sensitivity: register.sensitivity,
  });
  if (connector.store === "vault" && mounts) {
    const key = credentialKey(connector.id, name);
    return {
      ...base,
      vault: {
        key,
        dataPath: `${mounts.kv}/data/${key}`,
        metadataPath: `${mounts.kv}/metadata/${key}`,
        customMetadata: sortedTags(describe()),
        storedInKv: isStoredInVaultKv({ type: credential.type, credential, rotation }),
      },
    };
  }
  // Register data cleaned as AWS tag values; the exemption travels as a tag, so the rotation check
  // (which reads only the synthesized JSON) sees it. Only synth reads them (validation reads names):
  // built on first read, once.
  const awsTags = (): Record<string, string> => {
    const described = describe();
    const tags: Record<string, string> = {};
    for (const key of Object.keys(described)) tags[key] = awsTagValue(described[key]);
    tags.environment = awsTagValue(environment.name);
    if (rotation.exemption) tags["rotation-exemption"] = awsTagValue(rotation.exemption);
    // Pins are compared verbatim by the rotation function: never cleaned (AWS refuses what it can't hold).
    Object.assign(tags, rotationPinTags(credential, connector.system, rotation));
    return sortedTags(tags);
  };
  let tags: Readonly<Record<string, string>> | undefined;
  return {
    ...base,
    aws: {
      secretName: secretsManagerName(organization, environment.name, connector.id, name),
      recoveryWindowDays: TIER_CLASSES[environment.tier].recoveryWindowDays,
      get tags() {
        return (tags ??= awsTags());
      },
      storesSecret: credential.type !== "cloud-role",
    },
  };
}

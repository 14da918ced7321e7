/*
 * Policies for people: operators (read, to support the jobs) and break-glass (replace a leaked
 * value, rotate a database's bootstrap credential). In an environment with `approvals`, human reads
 * of critical credentials carry a control group (CLASSES.md); machine consumers never do.
 *
 * Quarantine (`lifecycle.state: quarantined`): the value is presumed compromised and nobody reads
 * it, people included. Operators keep only the metadata (register data and versions, never a
 * value); break-glass keeps exactly what it is documented for: writing the replacement into KV
 * (create/update, no read; check-and-set takes the version from the metadata) and rotating the
 * database credentials (rotate-root, rotate-role). Paths nobody may use while quarantined are an
 * explicit `deny` in both policies; the KV data path is simply not granted to operators, because
 * Vault's `deny` would also stop a person who holds both policies from writing the replacement.
 */
import { SENSITIVITY_CLASSES } from "../../inventory/class-defaults";
import { vaultNames, vaultObjectNames, vaultPaths } from "../../plan/names";
import type { CredentialPlan, EnvironmentPlan } from "../../plan/types";
import { credentialSource, vaultCredentials } from "./credential-paths";
import { environmentBoundary } from "./consumer-policy";
import type { ControlGroup, VaultPolicyDocument, VaultPolicyRule } from "./policy-text";

/** The control group on human reads of a credential, when its class and environment ask for one. */
export function humanReadControlGroup(plan: EnvironmentPlan, credential: CredentialPlan): ControlGroup | undefined {
  if (!plan.production || !plan.approvals) return undefined;
  if (!SENSITIVITY_CLASSES[credential.register.sensitivity].humanReadControlGroup) return undefined;
  return { group: plan.approvals.group, approvals: plan.approvals.required };
}

/** `list` on the folders above the credentials (names only: Vault never filters or shows values in a listing). */
function listingRules(plan: EnvironmentPlan): VaultPolicyRule[] {
  const vault = plan.vault!;
  const connectors = [...new Set(vaultCredentials(plan).map((c) => c.connectorId))];
  if (connectors.length === 0) return [];
  return [
    { path: `${vault.mounts.kv}/metadata/connectors`, capabilities: ["list"] },
    ...connectors.map((id) => ({ path: `${vault.mounts.kv}/metadata/connectors/${id}`, capabilities: ["list"] as const })),
  ];
}

export function operatorPolicyRules(plan: EnvironmentPlan): VaultPolicyRule[] {
  if (!plan.vault) return [];
  const rules: VaultPolicyRule[] = listingRules(plan);
  for (const credential of vaultCredentials(plan)) {
    const kv = credential.vault!;
    rules.push({ path: kv.metadataPath, capabilities: ["read"] });
    const controlGroup = humanReadControlGroup(plan, credential);
    // Quarantined KV data: not granted (a `deny` would block a break-glass member's replacement).
    if (credentialSource(credential) === "kv" && !credential.quarantined)
      rules.push({ path: kv.dataPath, capabilities: ["read"], controlGroup });
    if (credentialSource(credential) === "database-dynamic") rules.push(humanDatabaseRead(plan, credential));
  }
  return rules;
}

/** A rule that reads a value, or its quarantine `deny` on the same path. */
function readOrQuarantine(credential: CredentialPlan, rule: VaultPolicyRule): VaultPolicyRule {
  if (!credential.quarantined) return rule;
  return { path: rule.path, capabilities: ["deny"], comment: `${credential.id} ${HUMAN_QUARANTINE_NOTICE}` };
}

/** People read a dynamic database through their own role, never a machine consumer's. */
function humanDatabaseRead(plan: EnvironmentPlan, credential: CredentialPlan): VaultPolicyRule {
  const role = vaultObjectNames.humanDatabaseRole(credential.connectorId, credential.name);
  return readOrQuarantine(credential, {
    path: vaultPaths.databaseCreds(plan.vault!.mounts.database, role),
    capabilities: ["read"],
    controlGroup: humanReadControlGroup(plan, credential),
  });
}

/** The comment on a quarantined credential's rules in the people's policies. */
export const HUMAN_QUARANTINE_NOTICE = "quarantined: nobody reads the value; break-glass may only replace or rotate it";

/** Header line naming the quarantined credentials of the environment, if any. */
function quarantineHeader(plan: EnvironmentPlan, who: string): string[] {
  const ids = vaultCredentials(plan)
    .filter((c) => c.quarantined)
    .map((c) => c.id);
  return ids.length > 0 ? [`quarantined (${who}): ${ids.join(", ")}`] : [];
}

export function breakGlassPolicyRules(plan: EnvironmentPlan): VaultPolicyRule[] {
  const vault = plan.vault;
  if (!vault) return [];
  const rules: VaultPolicyRule[] = listingRules(plan);
  for (const credential of vaultCredentials(plan)) {
    const kv = credential.vault!;
    const controlGroup = humanReadControlGroup(plan, credential);
    rules.push({ path: kv.metadataPath, capabilities: ["read"] });
    switch (credentialSource(credential)) {
      case "kv":
        // Replace a leaked value; the mount's check-and-set rule still applies. Quarantined: write only.
        rules.push(
          credential.quarantined
            ? {
                path: kv.dataPath,
                capabilities: ["create", "update"],
                controlGroup,
                comment: `${credential.id} ${HUMAN_QUARANTINE_NOTICE}`,
              }
            : { path: kv.dataPath, capabilities: ["create", "read", "update"], controlGroup },
        );
        break;
      case "database-dynamic":
        rules.push(humanDatabaseRead(plan, credential));
        rules.push({
          path: `${vault.mounts.database}/rotate-root/${vaultNames.databaseConnection(credential.connectorId, credential.name)}`,
          capabilities: ["update"],
          comment: `${credential.id}: rotate the bootstrap credential after an incident (Vault alone then knows it)`,
        });
        break;
      case "database-static":
        rules.push({
          path: `${vault.mounts.database}/rotate-role/${vaultNames.staticRole(credential.connectorId, credential.name)}`,
          capabilities: ["update"],
        });
        rules.push(
          readOrQuarantine(credential, {
            path: vaultPaths.databaseStaticCreds(vault.mounts.database, vaultNames.staticRole(credential.connectorId, credential.name)),
            capabilities: ["read"],
            controlGroup,
          }),
        );
        break;
      default:
        break;
    }
  }
  return rules;
}

/**
 * The key-broker rotation function (logged in with AWS auth) rotates exactly the Vault-stored broker
 * credentials of its schedule: it reads the current (and previous) value and writes the next one with
 * check-and-set (`update`; the value always exists, so never `create`), and reads their metadata.
 */
export function rotationPolicyRules(plan: EnvironmentPlan): VaultPolicyRule[] {
  return (plan.aws?.vaultBrokerRotation?.credentials ?? []).flatMap((c) => [
    { path: c.dataPath, capabilities: ["read", "update"] as const },
    { path: c.metadataPath, capabilities: ["read"] as const },
  ]);
}

export function operatorPolicyDocument(plan: EnvironmentPlan): VaultPolicyDocument {
  return {
    name: vaultNames.operatorPolicy(plan.name),
    header: [
      environmentBoundary(plan),
      `operators: read credentials to support the jobs${plan.approvals ? `; critical reads need ${plan.approvals.required} approvals from ${plan.approvals.group}` : ""}`,
      ...quarantineHeader(plan, "operators read metadata only"),
    ],
    rules: operatorPolicyRules(plan),
  };
}

export function breakGlassPolicyDocument(plan: EnvironmentPlan): VaultPolicyDocument {
  return {
    name: vaultNames.breakGlassPolicy(plan.name),
    header: [
      environmentBoundary(plan),
      "break-glass: replace leaked values, rotate bootstrap credentials; login requires MFA",
      ...quarantineHeader(plan, "break-glass may replace or rotate, never read"),
    ],
    rules: breakGlassPolicyRules(plan),
  };
}

export function rotationPolicyDocument(plan: EnvironmentPlan): VaultPolicyDocument {
  return {
    name: vaultNames.rotationPolicy(plan.name),
    header: [
      environmentBoundary(plan),
      "key-broker rotation function (AWS auth): reads and check-and-set writes exactly the credentials it rotates",
    ],
    rules: rotationPolicyRules(plan),
  };
}

import {
  DatabaseSecretBackendConnection,
  type DatabaseSecretBackendConnectionConfig,
} from "@cdktf/provider-vault/lib/database-secret-backend-connection";
import { DatabaseSecretBackendRole } from "@cdktf/provider-vault/lib/database-secret-backend-role";
import { DatabaseSecretBackendStaticRole } from "@cdktf/provider-vault/lib/database-secret-backend-static-role";
import { TerraformVariable, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { SENSITIVITY_CLASSES } from "../../inventory/class-defaults";
import { parseDuration } from "../../inventory/duration";
import { vaultNames, vaultObjectNames } from "../../plan/names";
import type { CredentialPlan, ServiceAccountPlan } from "../../plan/types";
import { connectionUrl, DATABASE_PLUGINS, dynamicRoleStatements } from "../../policy/vault/database-statements";
import { constructIds } from "../../plan/construct-ids";

/** `password_wo_version`: bump it (in a later release of this library, or by override) to re-send the bootstrap password. */
export const BOOTSTRAP_PASSWORD_VERSION = 1;

export interface DatabaseConnectionProps {
  /** Path of the environment's database secrets mount. */
  readonly mount: string;
  readonly mountReady: ITerraformDependable;
  /** A dynamic-database or a rotated-password credential (Vault static role). */
  readonly credential: CredentialPlan;
  /** Service accounts that read this credential: one dynamic role each. */
  readonly consumers: readonly ServiceAccountPlan[];
  /** Also create the role people use (operators, break-glass), in production. @default false */
  readonly humanRole?: boolean;
}

/** A role named before the connection exists (the connection lists it), created after it. */
interface PendingRole {
  readonly name: string;
  readonly create: (connection: DatabaseSecretBackendConnection) => void;
}
type DynamicDatabaseSpec = Extract<CredentialPlan["credential"], { type: "dynamic-database" }>;
type SensitivityLimits = (typeof SENSITIVITY_CLASSES)[keyof typeof SENSITIVITY_CLASSES];

/**
 * One database connection per connector credential (never inline in the mount, so each connector
 * keeps its own address and its own resource address), with `allowed_roles` listing exactly its
 * roles and `verify_connection` on.
 *
 * The bootstrap password reaches Vault through the write-only `password_wo`, fed by a Terraform
 * variable marked `ephemeral` (Terraform / OpenTofu >= 1.11): it is neither a literal nor in the
 * state. cdktf 0.21 has no ephemeral variables, so `ephemeral = true` is added as an override.
 * After the first apply, rotate the bootstrap credential so that only Vault knows it:
 *   vault write -f <mount>/rotate-root/<connection>
 * (the break-glass policy may do this). The variable has no default, so every later plan still asks
 * for a value; it is sent again only when `password_wo_version` changes, which happens only to
 * re-send a new bootstrap password deliberately, so a plan after rotate-root never undoes it.
 */
export class DatabaseConnection extends Construct {
  readonly connection?: DatabaseSecretBackendConnection;
  readonly roles: readonly string[];

  constructor(scope: Construct, id: string, props: DatabaseConnectionProps) {
    super(scope, id);
    const { credential } = props;
    const spec = credential.credential;
    if (spec.type !== "dynamic-database" && spec.type !== "rotated-password") {
      throw new Error(`credential ${credential.id} (${spec.type}) has no database connection`);
    }
    // Validation refuses a system without a plugin (lib/inventory/cross-field/stores.ts, from the
    // table in lib/inventory/database-systems.ts): a plan that reaches here without one is a bug.
    const plugin = DATABASE_PLUGINS[credential.system];
    if (!plugin)
      throw new Error(`credential ${credential.id}: system ${credential.system} has no database plugin (validation refuses this)`);
    const connectionName = vaultNames.databaseConnection(credential.connectorId, credential.name);
    const limits = SENSITIVITY_CLASSES[credential.register.sensitivity];
    const roles: PendingRole[] = [];

    if (spec.type === "dynamic-database") {
      roles.push(...this.dynamicRoles(props, spec, limits));
    } else {
      // Validation requires database.username for a rotated password in Vault (lib/inventory/cross-field/stores.ts).
      const username = spec.database.username ?? "";
      const name = vaultNames.staticRole(credential.connectorId, credential.name);
      roles.push({
        name,
        create: (connection) =>
          new DatabaseSecretBackendStaticRole(this, "static-role", {
            backend: props.mount,
            name,
            dbName: connection.name,
            username,
            rotationPeriod: (credential.rotation.days ?? limits.rotationDefaultDays) * 86400,
          }),
      });
    }

    const variable = new TerraformVariable(this, "bootstrap-password", {
      type: "string",
      sensitive: true,
      nullable: false,
      description: `Bootstrap password of Vault's database login for ${credential.id}; write-only, never stored. After the first apply: vault write -f ${props.mount}/rotate-root/${connectionName}`,
    });
    variable.overrideLogicalId(vaultObjectNames.bootstrapPasswordVariable(credential.connectorId, credential.name));
    variable.addOverride("ephemeral", true);

    const endpoint = spec.database;
    const pluginConfig = {
      connectionUrl: connectionUrl(plugin, endpoint.host, endpoint.port, endpoint.name),
      // Dynamic: the spec's login is Vault's. Static role: the spec's user is the one rotated, and
      // Vault connects with its own administrative login.
      username:
        spec.type === "dynamic-database"
          ? (endpoint.username ?? vaultObjectNames.defaultBootstrapUsername)
          : vaultObjectNames.defaultBootstrapUsername,
      passwordWo: variable.stringValue,
      passwordWoVersion: BOOTSTRAP_PASSWORD_VERSION,
    };
    const roleNames = roles.map((r) => r.name).sort();
    this.connection = new DatabaseSecretBackendConnection(this, "connection", {
      backend: props.mount,
      name: connectionName,
      allowedRoles: roleNames,
      verifyConnection: true,
      [plugin === "mysql" ? "mysql" : plugin]: pluginConfig,
      dependsOn: [props.mountReady],
    } as DatabaseSecretBackendConnectionConfig);
    for (const role of roles) role.create(this.connection);
    this.roles = roleNames;
  }

  /** One dynamic role per consumer (and the people's role), created once the connection exists. */
  private dynamicRoles(props: DatabaseConnectionProps, spec: DynamicDatabaseSpec, limits: SensitivityLimits): PendingRole[] {
    const { credential } = props;
    const roles: PendingRole[] = [];
    const statements = dynamicRoleStatements(credential.system, spec);
    // Validation requires statements for a system without built-in ones (cross-field/credential-limits.ts).
    if (!statements)
      throw new Error(`credential ${credential.id}: system ${credential.system} has no statements (validation refuses this)`);
    const defaultTtl = (spec.ttl?.default && parseDuration(spec.ttl.default)) || limits.leaseDefaultSeconds;
    const maxTtl = (spec.ttl?.max && parseDuration(spec.ttl.max)) || limits.leaseMaxSeconds;
    const dynamicRole = (constructId: string, name: string, roleMaxTtl: number) => ({
      name,
      create: (connection: DatabaseSecretBackendConnection) =>
        new DatabaseSecretBackendRole(this, constructId, {
          backend: props.mount,
          name,
          dbName: connection.name,
          creationStatements: [...statements.creation],
          revocationStatements: [...statements.revocation],
          defaultTtl: Math.min(defaultTtl, roleMaxTtl),
          maxTtl: roleMaxTtl,
        }),
    });
    for (const account of props.consumers) {
      // A long-running consumer's written lease exception raises its own role's maximum only.
      const roleMax = account.leaseException ? account.tokenMaxTtlSeconds : maxTtl;
      roles.push(
        dynamicRole(
          constructIds.consumerEngineRole(account.id),
          vaultNames.databaseRole(credential.connectorId, credential.name, account.id),
          roleMax,
        ),
      );
    }
    if (props.humanRole) {
      roles.push(
        dynamicRole("role-people", vaultObjectNames.humanDatabaseRole(credential.connectorId, credential.name), limits.leaseDefaultSeconds),
      );
    }
    return roles;
  }
}

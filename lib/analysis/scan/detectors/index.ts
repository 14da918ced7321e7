import type { ScanRule } from "../types";
import { jdbcUrlRule } from "./jdbc-url";
import { privateKeyRule } from "./private-key";
import { secretAssignmentRule } from "./secret-assignment";
import { snowflakeRule } from "./snowflake";
import { vaultAppRoleSecretIdRule } from "./vault-approle-secret-id";
import { vaultTokenRule } from "./vault-token";

/** Our rules, for what secretlint's recommended preset does not know. Order decides nothing. */
export const ETL_SECRETS_RULES: readonly ScanRule[] = [
  vaultTokenRule,
  vaultAppRoleSecretIdRule,
  snowflakeRule,
  jdbcUrlRule,
  privateKeyRule,
  secretAssignmentRule,
];

export { jdbcUrlRule, privateKeyRule, secretAssignmentRule, snowflakeRule, vaultAppRoleSecretIdRule, vaultTokenRule };

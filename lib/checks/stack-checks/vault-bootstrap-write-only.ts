import type { CheckRule, RuleFinding, SynthStack } from "../types";
import { resourcesOfType } from "./vault-stack-facts";

const PLUGIN_BLOCKS = [
  "postgresql",
  "mysql",
  "mysql_rds",
  "mysql_aurora",
  "mysql_legacy",
  "redshift",
  "mssql",
  "oracle",
  "snowflake",
  "hana",
  "mongodb",
];

/**
 * A database connection's bootstrap password only ever travels through the write-only
 * `password_wo`, fed by an ephemeral, sensitive variable without a default: never a literal,
 * never `password` (which Terraform keeps in the state).
 */
export const vaultBootstrapWriteOnly: CheckRule = {
  id: "ETL-VAULT-010",
  severity: "error",
  description: "Database bootstrap passwords are write-only, from an ephemeral variable",
  fix: "pass the bootstrap password as password_wo = var.<name> with the variable ephemeral, sensitive and without default; rotate-root afterwards",
  check(stack: SynthStack): RuleFinding[] {
    const variables = (stack.json.variable ?? {}) as Record<string, Record<string, unknown>>;
    const findings: RuleFinding[] = [];
    for (const resource of resourcesOfType(stack, "vault_database_secret_backend_connection")) {
      for (const block of PLUGIN_BLOCKS) {
        const config = resource.config[block] as Record<string, unknown> | undefined;
        if (!config) continue;
        if (config.password !== undefined)
          findings.push({ resource, message: `${block}.password is set; Terraform would keep it in the state` });
        const wo = config.password_wo;
        if (wo === undefined) continue;
        const match = typeof wo === "string" ? /^\$\{var\.([A-Za-z0-9_-]+)\}$/.exec(wo) : null;
        if (!match) {
          findings.push({ resource, message: `${block}.password_wo is not a variable reference` });
          continue;
        }
        const variable = variables[match[1]];
        if (!variable)
          findings.push({ resource, message: `${block}.password_wo names variable ${match[1]}, which the stack does not declare` });
        else if (variable.ephemeral !== true || variable.sensitive !== true || variable.default !== undefined) {
          findings.push({ resource, message: `variable ${match[1]} must be ephemeral and sensitive, without a default` });
        }
      }
    }
    return findings;
  },
};

import type { CheckRule, RuleFinding, SynthStack } from "../types";
import { resourcesOfType } from "./vault-stack-facts";

/**
 * A database connection names exactly the roles that may use it: `*` (or any glob) would let a
 * role created later, for another connector, borrow this connector's database login. Connections
 * verify themselves on write.
 */
export const vaultDatabaseAllowedRoles: CheckRule = {
  id: "ETL-VAULT-002",
  severity: "error",
  description: "Database connections list their roles exactly (no *) and verify the connection",
  fix: "list the connector's own roles in allowed_roles (the library derives them from the consumers) and keep verify_connection = true",
  check(stack: SynthStack): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const resource of resourcesOfType(stack, "vault_database_secret_backend_connection")) {
      const roles = resource.config.allowed_roles;
      const name = String(resource.config.name);
      if (!Array.isArray(roles) || roles.length === 0) {
        findings.push({ resource, message: `connection ${name} lists no allowed_roles` });
      } else {
        for (const role of roles) {
          if (typeof role !== "string" || /[*?+]/.test(role))
            findings.push({ resource, message: `connection ${name} allows role pattern ${JSON.stringify(role)}` });
        }
      }
      if (resource.config.verify_connection === false)
        findings.push({ resource, message: `connection ${name} is written without verify_connection` });
    }
    return findings;
  },
};

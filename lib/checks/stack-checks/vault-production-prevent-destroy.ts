import type { CheckRule, RuleFinding, SynthStack } from "../types";
import { clusterDescription, preventsDestroy, resourcesOfType } from "./vault-stack-facts";

const ENVIRONMENT_TYPES = [
  "vault_mount",
  "vault_auth_backend",
  "vault_jwt_auth_backend",
  "vault_aws_secret_backend",
  "vault_gcp_secret_backend",
];
const CLUSTER_TYPES = ["vault_namespace", "vault_audit"];

/** Production mounts, namespaces and audit devices carry prevent_destroy: a plan never deletes them by accident. */
export const vaultProductionPreventDestroy: CheckRule = {
  id: "ETL-VAULT-008",
  severity: "error",
  description: "Production Vault mounts, namespaces and audit devices carry prevent_destroy",
  fix: "keep lifecycle.prevent_destroy on production mounts, auth backends, namespaces and audit devices; removing one is a deliberate, reviewed change",
  check(stack: SynthStack): RuleFinding[] {
    const types = stack.environment?.production ? ENVIRONMENT_TYPES : clusterDescription(stack)?.production ? CLUSTER_TYPES : [];
    return resourcesOfType(stack, ...types)
      .filter((resource) => !preventsDestroy(resource))
      .map((resource) => ({ resource, message: `${resource.type} "${String(resource.config.path)}" lacks prevent_destroy in production` }));
  },
};

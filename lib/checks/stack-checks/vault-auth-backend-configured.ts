import type { CheckRule, RuleFinding, SynthStack } from "../types";
import { referencedAddress, resourcesOfType } from "./vault-stack-facts";

/**
 * Auth backends the spec gives no settings for are mounted but unconfigured, because the missing
 * piece would otherwise have to be a secret passed through Terraform or a guess: a Kubernetes
 * backend without `vault.auth.kubernetes` (host), a JWT backend whose issuer is not listed in
 * `vault.auth.jwt`. Logins fail until an operator configures them.
 */
export const vaultAuthBackendConfigured: CheckRule = {
  id: "ETL-VAULT-007",
  severity: "warning",
  description: "Every Kubernetes and JWT auth backend is configured from the spec's settings",
  fix: "add the cluster (name, host, caCert) to the environment's vault.auth.kubernetes, or the issuer to vault.auth.jwt (discoveryUrl, jwksUrl or publicKeys)",
  check(stack: SynthStack): RuleFinding[] {
    const configured = new Set(
      resourcesOfType(stack, "vault_kubernetes_auth_backend_config").map(
        (r) => referencedAddress(r.config.backend) ?? String(r.config.backend),
      ),
    );
    const findings: RuleFinding[] = [];
    for (const resource of resourcesOfType(stack, "vault_auth_backend")) {
      const type = resource.config.type;
      const path = String(resource.config.path);
      if (type === "kubernetes" && !configured.has(resource.address) && !configured.has(path)) {
        findings.push({
          resource,
          message: `Kubernetes auth backend "${path}" has no host: the spec's vault.auth.kubernetes names no such cluster`,
        });
      }
      if (type === "jwt" || type === "oidc") {
        findings.push({
          resource,
          message: `JWT auth backend "${path}" has no discovery URL, JWKS URL or public keys: its issuer is not listed in vault.auth.jwt`,
        });
      }
    }
    return findings;
  },
};

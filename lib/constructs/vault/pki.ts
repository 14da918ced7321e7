import { PkiSecretBackendRole } from "@cdktf/provider-vault/lib/pki-secret-backend-role";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { SENSITIVITY_CLASSES } from "../../inventory/class-defaults";
import { parseDuration } from "../../inventory/duration";
import { vaultNames } from "../../plan/names";
import type { CredentialPlan } from "../../plan/types";

/** TTL of a certificate credential: the spec's, never longer than the class's. */
export function certificateTtlSeconds(credential: CredentialPlan): number {
  const limit = SENSITIVITY_CLASSES[credential.register.sensitivity].certificateTtlSeconds;
  const spec = credential.credential;
  const asked = spec.type === "certificate" && spec.certificate.ttl ? parseDuration(spec.certificate.ttl) : undefined;
  return asked !== undefined ? Math.min(asked, limit) : limit;
}

export interface PkiRoleProps {
  /** The environment's PKI mount (created here, or named by the spec's vault.pki.mount). */
  readonly mount: string;
  /** The mount resource, when this stack creates it. @default none (an existing mount) */
  readonly mountReady?: ITerraformDependable;
  readonly credential: CredentialPlan;
}

/**
 * A role per certificate credential: exactly the spec's names (no subdomains, globs, IPs or
 * localhost), client authentication only, TTL from the class table. The mount needs an issuer
 * (an intermediate CA signed by the organization's CA); importing it is an operator step, never a
 * private key in Terraform.
 */
export class PkiRole extends Construct {
  readonly role: PkiSecretBackendRole;

  constructor(scope: Construct, id: string, props: PkiRoleProps) {
    super(scope, id);
    const spec = props.credential.credential;
    if (spec.type !== "certificate") throw new Error(`credential ${props.credential.id} is not a certificate`);
    const ttl = String(certificateTtlSeconds(props.credential));
    const names = [...new Set([spec.certificate.commonName, ...(spec.certificate.altNames ?? [])])].sort();
    this.role = new PkiSecretBackendRole(this, "role", {
      backend: props.mount,
      name: vaultNames.pkiRole(props.credential.connectorId, props.credential.name),
      allowedDomains: names,
      allowBareDomains: true,
      allowSubdomains: false,
      allowGlobDomains: false,
      allowWildcardCertificates: false,
      allowAnyName: false,
      allowIpSans: false,
      allowLocalhost: false,
      enforceHostnames: true,
      requireCn: true,
      clientFlag: true,
      serverFlag: false,
      keyUsage: ["DigitalSignature", "KeyAgreement"],
      extKeyUsage: ["ClientAuth"],
      keyType: "ec",
      keyBits: 256,
      ttl,
      maxTtl: ttl,
      dependsOn: props.mountReady ? [props.mountReady] : undefined,
    });
  }
}

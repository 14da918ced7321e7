import { SshSecretBackendCa } from "@cdktf/provider-vault/lib/ssh-secret-backend-ca";
import { SshSecretBackendRole } from "@cdktf/provider-vault/lib/ssh-secret-backend-role";
import { Construct } from "constructs";
import { SENSITIVITY_CLASSES } from "../../inventory/class-defaults";
import { parseDuration } from "../../inventory/duration";
import { vaultNames } from "../../plan/names";
import type { CredentialPlan, ServiceAccountPlan } from "../../plan/types";
import { SecretsMount } from "./mounts";
import { constructIds } from "../../plan/construct-ids";

export interface SshEngineProps {
  readonly path: string;
  readonly environment: string;
  /** @default false */
  readonly preventDestroy?: boolean;
}

/**
 * The environment's SSH engine: a certificate authority whose signing key Vault generates and
 * keeps (`generate_signing_key`); only its public key is in the state.
 */
export class SshEngine extends Construct {
  readonly path: string;
  readonly ca: SshSecretBackendCa;

  constructor(scope: Construct, id: string, props: SshEngineProps) {
    super(scope, id);
    this.path = props.path;
    const mount = new SecretsMount(this, "mount", {
      path: props.path,
      type: "ssh",
      description: `SSH certificates for ETL tunnels of ${props.environment}`,
      preventDestroy: props.preventDestroy,
    });
    this.ca = new SshSecretBackendCa(this, "ca", { backend: mount.mount.path, generateSigningKey: true });
  }
}

export interface SshRolesProps {
  readonly engine: SshEngine;
  readonly credential: CredentialPlan;
  readonly consumers: readonly ServiceAccountPlan[];
}

/** One signing role per consumer of a signed-certificate SSH credential: user certificates for its principals only. */
export class SshRoles extends Construct {
  constructor(scope: Construct, id: string, props: SshRolesProps) {
    super(scope, id);
    const spec = props.credential.credential;
    if (spec.type !== "ssh-key" || spec.mode !== "signed-certificate")
      throw new Error(`credential ${props.credential.id} is not a signed SSH certificate`);
    const limit = SENSITIVITY_CLASSES[props.credential.register.sensitivity].certificateTtlSeconds;
    const asked = spec.ttl ? parseDuration(spec.ttl) : undefined;
    const ttl = String(asked !== undefined ? Math.min(asked, limit) : limit);
    // Validation requires principals with mode signed-certificate (lib/inventory/cross-field/credential-limits.ts).
    const principals = [...(spec.principals ?? [])].sort();
    for (const account of props.consumers) {
      new SshSecretBackendRole(this, constructIds.consumerEngineRole(account.id), {
        backend: props.engine.path,
        name: vaultNames.sshRole(props.credential.connectorId, props.credential.name, account.id),
        keyType: "ca",
        allowUserCertificates: true,
        allowHostCertificates: false,
        allowedUsers: principals.join(","),
        defaultUser: principals[0],
        allowedExtensions: "permit-port-forwarding",
        defaultExtensions: { "permit-port-forwarding": "" },
        algorithmSigner: "rsa-sha2-512",
        ttl,
        maxTtl: ttl,
        dependsOn: [props.engine.ca],
      });
    }
  }
}

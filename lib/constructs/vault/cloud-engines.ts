import { AwsSecretBackend } from "@cdktf/provider-vault/lib/aws-secret-backend";
import { AwsSecretBackendRole } from "@cdktf/provider-vault/lib/aws-secret-backend-role";
import { GcpSecretBackend } from "@cdktf/provider-vault/lib/gcp-secret-backend";
import { GcpSecretRoleset } from "@cdktf/provider-vault/lib/gcp-secret-roleset";
import { Construct } from "constructs";
import { SENSITIVITY_CLASSES } from "../../inventory/class-defaults";
import { parseDuration } from "../../inventory/duration";
import { vaultNames } from "../../plan/names";
import type { CredentialPlan } from "../../plan/types";

export interface AwsEngineProps {
  readonly path: string;
  readonly environment: string;
  /** Region of the environment's AWS account. @default the provider's */
  readonly region?: string;
  /** @default false */
  readonly preventDestroy?: boolean;
}

/**
 * Vault's AWS secrets engine, with no access keys: Vault uses its own cloud identity (instance
 * profile, IRSA) to assume the roles; root keys never pass through Terraform.
 */
export class AwsEngine extends Construct {
  readonly backend: AwsSecretBackend;

  constructor(scope: Construct, id: string, props: AwsEngineProps) {
    super(scope, id);
    this.backend = new AwsSecretBackend(this, "backend", {
      path: props.path,
      description: `Short-lived AWS credentials for ETL jobs of ${props.environment} (Vault's own identity)`,
      region: props.region,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
  }
}

export interface AwsEngineRoleProps {
  readonly engine: AwsEngine;
  readonly credential: CredentialPlan;
  /** Exact ARN of the role Vault assumes (made by the AWS side: VaultEngineRoles), IAM path included. */
  readonly roleArn: string;
}

/** An assumed-role credential per dynamic AWS access key: the spec's role, STS TTLs from the class. */
export class AwsEngineRole extends Construct {
  constructor(scope: Construct, id: string, props: AwsEngineRoleProps) {
    super(scope, id);
    const spec = props.credential.credential;
    if (spec.type !== "cloud-access-key" || spec.provider !== "aws" || !spec.roleName)
      throw new Error(`credential ${props.credential.id} is not a dynamic AWS key with a role`);
    const limits = SENSITIVITY_CLASSES[props.credential.register.sensitivity];
    const asked = spec.ttl ? parseDuration(spec.ttl) : undefined;
    new AwsSecretBackendRole(this, "role", {
      backend: props.engine.backend.path,
      name: vaultNames.cloudRole(props.credential.connectorId, props.credential.name),
      credentialType: "assumed_role",
      roleArns: [props.roleArn],
      defaultStsTtl: limits.leaseDefaultSeconds,
      maxStsTtl: asked !== undefined ? Math.min(asked, limits.leaseMaxSeconds) : limits.leaseMaxSeconds,
    });
  }
}

export interface GcpEngineProps {
  readonly path: string;
  readonly environment: string;
  /** @default false */
  readonly preventDestroy?: boolean;
}

/** Vault's GCP secrets engine, with no key file: Vault uses its own identity (ADC / workload identity). */
export class GcpEngine extends Construct {
  readonly backend: GcpSecretBackend;

  constructor(scope: Construct, id: string, props: GcpEngineProps) {
    super(scope, id);
    this.backend = new GcpSecretBackend(this, "backend", {
      path: props.path,
      description: `Short-lived GCP service account keys for ETL jobs of ${props.environment} (Vault's own identity)`,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
  }
}

export interface GcpRolesetProps {
  readonly engine: GcpEngine;
  readonly credential: CredentialPlan;
}

/** A roleset per dynamic GCP service account key: the spec's project and roles, nothing more. */
export class GcpRoleset extends Construct {
  constructor(scope: Construct, id: string, props: GcpRolesetProps) {
    super(scope, id);
    const spec = props.credential.credential;
    if (spec.type !== "cloud-service-account-key") throw new Error(`credential ${props.credential.id} is not a GCP service account key`);
    new GcpSecretRoleset(this, "roleset", {
      backend: props.engine.backend.path,
      roleset: vaultNames.cloudRole(props.credential.connectorId, props.credential.name),
      project: spec.project,
      secretType: "service_account_key",
      binding: [{ resource: `//cloudresourcemanager.googleapis.com/projects/${spec.project}`, roles: [...spec.roles].sort() }],
    });
  }
}

import type { Regulation, Sensitivity, Tier } from "../inventory/class-defaults";
import type { ConsumerAuth, Credential, CredentialType } from "../inventory/model";
import type { LifecycleState } from "../inventory/schema/connector";
import type { AwsEnvironmentDetail, AwsOidcProviderPlan, AwsTrailPlan } from "./aws-types";
import type { VaultBrokerRotationPlan } from "./vault-broker-types";

/*
 * Plain data that names everything the constructs create. No cdktf, no tokens: the constructs
 * only render it, and tests and reports can read it without synthesizing.
 */

/** How a credential gets new values. */
export type RotationMode =
  /** Issued per request by Vault with a lease (dynamic database, cloud engines). */
  | "dynamic"
  /** Issued per request as a short-lived certificate (PKI, SSH CA). */
  | "issued"
  /** Rotated by a Secrets Manager rotation function. */
  | "secrets-manager"
  /** Rotated by Vault itself (database static role). */
  | "vault-static-role"
  /** Rotated through the key-broker contract of the connector's endpoint. */
  | "broker"
  /** Only the issuer can rotate: the owner is reminded. */
  | "reminder"
  /** Nothing stored, nothing to rotate (an IAM role). */
  | "none";

export interface RotationPlan {
  readonly mode: RotationMode;
  /** Rotation period (days) for stored, rotated credentials. */
  readonly days?: number;
  /** Secrets Manager rotation function target, e.g. `postgresql-single-user`. */
  readonly target?: string;
  /** Key-broker endpoint. */
  readonly endpoint?: string;
  /**
   * Whether rotation is switched on now. Enabling Secrets Manager rotation rotates at once, so it
   * waits until the first value was seeded.
   */
  readonly enabled: boolean;
  /** Why rotation is not automatic, for the register and the checks' exemptions. */
  readonly exemption?: string;
}

export interface RegisterFields {
  readonly owner: string;
  readonly purpose: string;
  readonly sensitivity: Sensitivity;
  readonly regulations: readonly Regulation[];
  readonly reviewBy: string;
  readonly createdOn: string;
  readonly state: LifecycleState;
  /** `lifecycle.quarantinedOn` (YYYY-MM-DD), when declared. */
  readonly quarantinedOn?: string;
}

export interface VaultCredentialPlan {
  /** Path of the credential inside the KV mount: `connectors/<connector>/<credential>`. */
  readonly key: string;
  /** `<kv mount>/data/<key>`: where the value lives (when stored in KV). */
  readonly dataPath: string;
  /** `<kv mount>/metadata/<key>`: owner, purpose... as custom metadata; never the value. */
  readonly metadataPath: string;
  /** Custom metadata written to the metadata endpoint. */
  readonly customMetadata: Readonly<Record<string, string>>;
  /** Whether the value lives in KV (false for dynamic and issued credentials). */
  readonly storedInKv: boolean;
}

export interface AwsCredentialPlan {
  /** `<organization>/<environment>/<connector>/<credential>` */
  readonly secretName: string;
  readonly recoveryWindowDays: number;
  readonly tags: Readonly<Record<string, string>>;
  /** Whether a Secrets Manager secret exists for it (false for an IAM role). */
  readonly storesSecret: boolean;
}

export interface CredentialPlan {
  /** Stable id: `<connector>/<credential>`. */
  readonly id: string;
  readonly connectorId: string;
  readonly name: string;
  readonly type: CredentialType;
  readonly system: string;
  readonly store: "vault" | "aws";
  /** The credential as it is in this environment (overrides merged). */
  readonly credential: Credential;
  readonly register: RegisterFields;
  readonly rotation: RotationPlan;
  readonly quarantined: boolean;
  /** Retired and explicitly released for destruction. */
  readonly destroyed: boolean;
  readonly vault?: VaultCredentialPlan;
  readonly aws?: AwsCredentialPlan;
}

/** One grant of a service account: a credential it reads. */
export interface GrantPlan {
  readonly credentialId: string;
  readonly connectorId: string;
  readonly credentialName: string;
  readonly type: CredentialType;
  readonly quarantined: boolean;
  /** Whether the consumer may write its own credential back (rotating refresh tokens). */
  readonly writeBack: boolean;
}

export interface ServiceAccountPlan {
  /** The consumer id: one id under several connectors is one service account. */
  readonly id: string;
  readonly auth: ConsumerAuth;
  readonly store: "vault" | "aws";
  /** Strictest sensitivity among the connectors it reads. */
  readonly sensitivity: Sensitivity;
  readonly descriptions: readonly string[];
  readonly grants: readonly GrantPlan[];
  readonly tokenTtlSeconds: number;
  readonly tokenMaxTtlSeconds: number;
  /** Why the lease maximum exceeds the class, when it does. */
  readonly leaseException?: string;
  readonly approle?: {
    readonly secretIdTtlSeconds: number;
    readonly secretIdUses: number;
    readonly cidrs: readonly string[];
    /** Orchestrators that deliver its secret ids (wrapped, single use), when any do (lib/plan/orchestrator-plan.ts). */
    readonly deliveredBy?: readonly string[];
  };
}

export interface VaultEnvironmentPlan {
  readonly address: string;
  readonly edition: "community" | "enterprise" | "openbao";
  readonly isolation: "namespace" | "mount";
  /** The environment's namespace (isolation: namespace). */
  readonly namespace?: string;
  /** Prefix of every mount (isolation: mount). */
  readonly mountPrefix?: string;
  readonly clusterStack: string;
  readonly mounts: {
    readonly kv: string;
    readonly database: string;
    readonly pki: string;
    readonly ssh: string;
    readonly aws: string;
    readonly gcp: string;
    readonly approle: string;
    readonly awsAuth: string;
    readonly kubernetes: Readonly<Record<string, string>>;
    readonly jwt: Readonly<Record<string, string>>;
  };
  /** The PKI mount is an existing one named by the spec (`vault.pki.mount`): only roles are added. */
  readonly pkiExternal: boolean;
  /** Vault's own IAM role (`vault.awsIdentity.roleArn`), trusted by the roles of dynamic AWS keys. */
  readonly awsIdentityRoleArn?: string;
  /** Auth backend settings from the spec, by cluster name / issuer. Public data only, never a secret. */
  readonly authSettings: {
    readonly kubernetes: Readonly<Record<string, { readonly host: string; readonly caCert?: string; readonly issuer?: string }>>;
    readonly jwt: Readonly<
      Record<string, { readonly discoveryUrl?: string; readonly jwksUrl?: string; readonly publicKeys?: readonly string[] }>
    >;
  };
}

/** The AWS side of an environment: account settings and everything the AWS constructs render (aws-plan.ts). */
export interface AwsEnvironmentPlan extends AwsEnvironmentDetail {
  readonly accountId: string;
  readonly region: string;
  readonly accountStack: string;
  readonly secretsKeyAlias: string;
  readonly logsKeyAlias: string;
  readonly kmsDeletionWindowDays: number;
  readonly logRetentionDays: number;
  /**
   * Who rotates the environment's Vault-stored broker credentials (lib/plan/vault-broker-rotation.ts),
   * planned once here; absent when there are none or the environment has no Vault.
   */
  readonly vaultBrokerRotation?: VaultBrokerRotationPlan;
}

export type BackendPlan =
  | { readonly kind: "local"; readonly path: string }
  | {
      readonly kind: "s3";
      readonly bucket: string;
      readonly key: string;
      readonly region: string;
      readonly dynamodbTable?: string;
    };

export interface EnvironmentPlan {
  readonly organization: string;
  readonly name: string;
  readonly tier: Tier;
  readonly production: boolean;
  readonly stackName: string;
  readonly backend: BackendPlan;
  /** Tags on every AWS resource of the environment (provider default tags). */
  readonly defaultTags: Readonly<Record<string, string>>;
  readonly preventDestroy: boolean;
  readonly approvals?: { readonly group: string; readonly required: number };
  /**
   * Vault auth method types people log in with (`humans.loginMethods`), when the environment
   * declares them: in production every login through them must pass TOTP.
   */
  readonly humanLoginMethods?: readonly string[];
  readonly vault?: VaultEnvironmentPlan;
  readonly aws?: AwsEnvironmentPlan;
  /** Sorted by credential id. */
  readonly credentials: readonly CredentialPlan[];
  /** Sorted by id. */
  readonly serviceAccounts: readonly ServiceAccountPlan[];
  /** Trusted orchestrators of the environment (secret-id delivery), sorted by id; absent when none. */
  readonly orchestrators?: readonly OrchestratorPlan[];
}

export interface VaultClusterPlan {
  readonly stackName: string;
  readonly address: string;
  readonly edition: "community" | "enterprise" | "openbao";
  readonly environments: readonly string[];
  /** Every namespace the environments need, parents first, sorted. */
  readonly namespaces: readonly string[];
  /** How each environment on the cluster is isolated, by environment name. */
  readonly isolation: Readonly<Record<string, { readonly isolation: "namespace" | "mount"; readonly boundary: string }>>;
  readonly production: boolean;
  readonly backend: BackendPlan;
}

export interface AwsAccountPlan {
  readonly stackName: string;
  readonly accountId: string;
  readonly region: string;
  readonly environments: readonly string[];
  readonly production: boolean;
  readonly regulations: readonly Regulation[];
  readonly backend: BackendPlan;
  readonly defaultTags: Readonly<Record<string, string>>;
  /** The account's audit trail (CloudTrail, Object Lock bucket, log group). */
  readonly trail: AwsTrailPlan;
  /** OIDC providers of the jwt consumers of AWS-stored credentials. */
  readonly oidcProviders: readonly AwsOidcProviderPlan[];
}

export interface InventoryPlan {
  readonly organization: string;
  readonly environments: readonly EnvironmentPlan[];
  readonly vaultClusters: readonly VaultClusterPlan[];
  readonly awsAccounts: readonly AwsAccountPlan[];
}

/** One consumer an orchestrator mints for, in one environment. */
export interface OrchestratorMintPlan {
  readonly consumerId: string;
  /** The consumer's AppRole role name on the environment's AppRole mount. */
  readonly roleName: string;
  /** `auth/<approle mount>/role/<role>/secret-id` (update, wrapped). */
  readonly secretIdPath: string;
  /** `auth/<approle mount>/role/<role>/role-id` (read). */
  readonly roleIdPath: string;
}

export interface OrchestratorPlan {
  readonly id: string;
  readonly descriptions: readonly string[];
  readonly auth: ConsumerAuth;
  /** Mount path of its own login (its method's mount in the environment). */
  readonly authMount: string;
  /** Its auth role on that mount. */
  readonly authRole: string;
  readonly policyName: string;
  readonly tokenTtlSeconds: number;
  readonly tokenMaxTtlSeconds: number;
  /** Its own AppRole bounds, when it logs in with AppRole (like a consumer's). */
  readonly approle?: { readonly secretIdTtlSeconds: number; readonly secretIdUses: number; readonly cidrs: readonly string[] };
  /** The environment's AppRole mount, where its consumers' roles live. */
  readonly approleMount: string;
  /** Sorted by consumer id. */
  readonly mints: readonly OrchestratorMintPlan[];
  readonly wrapping: { readonly minSeconds: number; readonly maxSeconds: number };
  readonly allowedParameters: readonly string[];
  readonly deniedParameters: readonly string[];
}

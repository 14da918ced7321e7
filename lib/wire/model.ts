import type { CredentialSource } from "../plan/credential-source";
import type { CredentialType } from "../inventory/model";

/*
 * What one consumer's job needs at run time, in one environment: where it logs in, with which
 * role, and where each credential it reads lives. Facts from the plan only (names, paths, ARNs),
 * never a value: a secret id, token or password is described by where it comes from, not shown.
 * lib/wire derives these facts once (consumer-wiring.ts) and each target renders them.
 */

/** The orchestrators `etl-secrets wire --for` renders for. */
export const WIRE_TARGETS = ["airflow", "kubernetes", "ecs", "github-actions"] as const;
export type WireTarget = (typeof WIRE_TARGETS)[number];

/** GitHub Actions' OIDC issuer: the one a `github-actions` consumer's jwt auth must name. */
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

/** The Vault side of a consumer: the cluster, its namespace, and the login. */
export interface VaultWiring {
  readonly address: string;
  /** The environment's namespace (isolation: namespace); absent otherwise. */
  readonly namespace?: string;
  /** The environment's KV v2 mount (`kv`, or `<prefix>/kv` with mount isolation). */
  readonly kvMount: string;
  readonly login: VaultLogin;
}

/** How the consumer logs in to Vault: the auth mount and role, and what the method binds. */
export type VaultLogin =
  | {
      readonly method: "approle";
      readonly mount: string;
      readonly role: string;
      /** `auth/<mount>/role/<role>/role-id`: not secret, read by whoever installs the job. */
      readonly roleIdPath: string;
      /** `auth/<mount>/role/<role>/secret-id`: where a (wrapped, single-use) secret id is minted. */
      readonly secretIdPath: string;
      readonly secretIdUses: number;
      readonly secretIdTtlSeconds: number;
      readonly cidrs: readonly string[];
      /** The inventory's trusted orchestrators that mint this role's secret ids here (sorted; empty: none declared). */
      readonly deliveredBy: readonly string[];
    }
  | {
      readonly method: "kubernetes";
      readonly mount: string;
      readonly role: string;
      readonly serviceAccount: string;
      readonly namespace: string;
      readonly cluster: string;
    }
  | {
      readonly method: "jwt";
      readonly mount: string;
      readonly role: string;
      readonly issuer: string;
      readonly audiences: readonly string[];
      readonly subject: string;
    }
  | {
      readonly method: "aws-iam";
      readonly mount: string;
      readonly role: string;
      /** The IAM role Vault binds (the caller's canonical ARN), when the plan can name it. */
      readonly iamRoleArn?: string;
    };

/** The AWS side of a consumer: its IAM role and how that role is assumed. */
export interface AwsWiring {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** `<organization>/<environment>`: the Secrets Manager name prefix of the environment. */
  readonly secretPrefix: string;
  readonly role?: {
    readonly name: string;
    readonly arn: string;
    readonly kind: "created" | "existing";
    /** Who may assume a created role; unknown for an existing role. */
    readonly trust?: AwsRoleTrust;
  };
}

export type AwsRoleTrust =
  | { readonly kind: "service"; readonly service: string }
  | {
      readonly kind: "account";
      readonly accountId: string;
      readonly externalId: boolean;
      readonly principalTags?: Readonly<Record<string, string>>;
    }
  | { readonly kind: "oidc"; readonly issuerHost: string; readonly subject: string; readonly audiences: readonly string[] };

/** One credential the consumer reads, where it lives, and how the job gets it. */
export interface CredentialWiring {
  /** `<connector>/<credential>`: also the Airflow connection id. */
  readonly id: string;
  readonly connectorId: string;
  readonly name: string;
  readonly type: CredentialType;
  readonly store: "vault" | "aws";
  /** Quarantined: every consumer is denied until it is reissued. */
  readonly quarantined: boolean;
  readonly vault?: {
    /** Which Vault engine serves it. */
    readonly source: CredentialSource;
    /** The API path the consumer reads (KV: the data path; engines: the role's creds/issue path). */
    readonly path?: string;
    /** `read` or `update` (PKI issue, SSH sign). */
    readonly operation?: "read" | "update";
    /** KV key inside the mount (`connectors/<connector>/<credential>`), for values in KV. */
    readonly kvKey?: string;
    /** PKI: the certificate's common name (the inventory's `certificate.commonName`). */
    readonly commonName?: string;
  };
  readonly aws?: {
    /** `<organization>/<environment>/<connector>/<credential>`; absent for an IAM role credential. */
    readonly secretName?: string;
    /** The ARN without Secrets Manager's random suffix (Secrets Manager resolves it). */
    readonly partialArn?: string;
    /** Name of the environment stack's output holding the full ARN. */
    readonly arnOutput?: string;
    /** The IAM role a `cloud-role` credential is: the consumer assumes it. */
    readonly assumeRoleName?: string;
  };
}

/** Everything `wire` knows about one consumer in one environment. */
export interface ConsumerWiring {
  readonly organization: string;
  readonly environment: string;
  readonly production: boolean;
  readonly consumer: string;
  readonly store: "vault" | "aws";
  readonly auth: "approle" | "jwt" | "kubernetes" | "aws-iam";
  readonly vault?: VaultWiring;
  readonly aws?: AwsWiring;
  /** Sorted by credential id. */
  readonly credentials: readonly CredentialWiring[];
}

/** A request `wire` cannot answer: the message names what is allowed; `kind` picks the exit code. */
export class WireError extends Error {
  constructor(
    readonly kind: "unknown-consumer" | "unknown-environment" | "not-in-environment" | "unknown-target" | "target-does-not-fit",
    message: string,
  ) {
    super(message);
    this.name = "WireError";
  }
}

/** One block of a target's text output: a heading and the text to paste. */
export interface WireBlock {
  readonly title: string;
  /** `yaml`, `json`, `ini`, `hcl`, `text`: what the body is. */
  readonly language: string;
  readonly body: string;
}

/** What a target renders: machine-readable data, the blocks to paste, and notes for people. */
export interface WireOutput<T = unknown> {
  readonly target: WireTarget;
  /** What `consumer` names: a consumer (the default) or a trusted orchestrator that delivers secret ids. */
  readonly subject?: "orchestrator";
  /** The consumer's id, or the orchestrator's. */
  readonly consumer: string;
  readonly environment: string;
  readonly data: T;
  readonly blocks: readonly WireBlock[];
  /** Where what is not shown comes from, and what else must hold. */
  readonly notes: readonly string[];
}

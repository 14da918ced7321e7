/*
 * The intent manifest: who the inventory grants what, per environment. It travels in the stacks
 * themselves, each stack's `"//"` metadata holding the part of the environments it holds
 * (stack-fragment.ts), and the analysis merges the parts of a synth directory back into this shape;
 * earlier versions wrote it whole beside the stacks (`<out>/intent.json`), which still reads.
 * `simulate` compares what the synthesized policies really allow with it. Plain JSON, sorted,
 * deterministic; every principal and resource id is also derivable from the synthesized JSON alone
 * (ids.ts), so the two sides meet without sharing code paths.
 */

import type { Regulation, Sensitivity } from "../inventory/class-defaults";

export const INTENT_FORMAT = "etl-secrets-intent/1";
/** The file earlier versions of synth wrote beside the stacks (read still; no longer written). */
export const INTENT_FILE = "intent.json";

/** Who a principal is, for the report. */
export type PrincipalClass =
  "consumer" | "rotation-function" | "break-glass" | "operator" | "credential-role" | "auditor" | "drill" | "orchestrator";

/** Vault path kinds that hold or issue a value: an auditor that reaches one is a violation, whatever its grants say. */
export const VALUE_BEARING_VAULT_KINDS: readonly VaultPathKind[] = [
  "data",
  "creds",
  "static-creds",
  "issue",
  "sign",
  "roleset-key",
  "roleset-token",
];
/** AWS actions that return a value (or decrypt one). */
export const VALUE_BEARING_AWS_ACTIONS: readonly string[] = ["secretsmanager:GetSecretValue", "kms:Decrypt"];

/** Which kind of Vault API path a location is. */
export type VaultPathKind = "data" | "metadata" | "creds" | "static-creds" | "issue" | "sign" | "roleset-key" | "roleset-token";

export interface IntentVaultLocation {
  readonly store: "vault";
  /** `vault:<cluster>/<namespace>/<path>` */
  readonly resource: string;
  /** Cluster key: host[:port]. */
  readonly cluster: string;
  /** Namespace of the environment; "" for the root namespace. */
  readonly namespace: string;
  /** API path inside the namespace, e.g. `kv/data/connectors/stripe-api/main`. */
  readonly path: string;
  readonly kind: VaultPathKind;
}

export interface IntentAwsLocation {
  readonly store: "aws";
  /** The secret's ARN, with the fixed synthetic suffix Secrets Manager would add. */
  readonly resource: string;
  readonly accountId: string;
  readonly region: string;
  readonly secretName: string;
}

export type IntentLocation = IntentVaultLocation | IntentAwsLocation;

export interface IntentCredential {
  /** `<connector>/<credential>` */
  readonly id: string;
  readonly connectorId: string;
  readonly name: string;
  readonly type: string;
  readonly store: "vault" | "aws";
  readonly quarantined: boolean;
  /** Sorted by resource. */
  readonly locations: readonly IntentLocation[];
  /** The connector's owner id, for the review; absent when display rules would redact it (lib/inventory/display.ts) and in older manifests. */
  readonly owner?: string;
  /** The connector's class (sensitivity); absent in older manifests. */
  readonly sensitivity?: Sensitivity;
  /** The connector's regulations, sorted; absent in older manifests. */
  readonly regulations?: readonly Regulation[];
}

export interface IntentGrant {
  readonly credentialId: string;
  /** A location's resource id. */
  readonly resource: string;
  /**
   * Vault capabilities or AWS actions, sorted. Empty when the credential is quarantined, except
   * what break-glass still does then (write the replacement, never read).
   */
  readonly actions: readonly string[];
  /** The consumer writes its own credential back (rotating refresh tokens). */
  readonly writeBack?: true;
  /** Access (every read, at least) is denied on purpose while the connector is quarantined. */
  readonly quarantined?: true;
  /** Human reads of critical credentials wait for approvals (Vault control group). */
  readonly approval?: { readonly group: string; readonly approvals: number };
}

export interface IntentPrincipal {
  /** `vault:<cluster>/<namespace>/auth/<mount>/role/<role>`, `vault:.../identity/group/<name>` or `arn:<partition>:iam::<account>:role/<name>`. */
  readonly id: string;
  readonly class: PrincipalClass;
  readonly environment: string;
  /** Consumer id, rotation target, or the human group / role name. */
  readonly name: string;
  readonly store: "vault" | "aws";
  /** Consumer auth method, `group` for people on Vault, `iam-role` on AWS. */
  readonly auth: string;
  /** Login needs MFA (break-glass). */
  readonly mfa?: true;
  /** Sorted by credential id, then resource. */
  readonly grants: readonly IntentGrant[];
  /**
   * The auditor's metadata-only Vault patterns (namespace-relative, as its policy writes them):
   * listings and definitions it may reach beyond today's declared locations, never a value.
   */
  readonly metadataScopes?: readonly string[];
  /**
   * Declared, value-free log reads beyond the environment (the auditor's read of its Vault
   * cluster's shipped audit log, which holds every environment of the cluster): shown by `simulate`
   * and `review` as an exception; a trust of `via` by this principal's account is not a crossing.
   */
  readonly logReads?: readonly IntentLogRead[];
  /**
   * A trusted orchestrator's deliveries (class `orchestrator`): the AppRole consumers it may mint
   * response-wrapped secret ids for, and nothing else. Sorted by consumer.
   */
  readonly mints?: readonly IntentMint[];
}

/** One consumer an orchestrator mints wrapped secret ids for. */
export interface IntentMint {
  readonly consumer: string;
  /** The consumer's AppRole principal id (`vault:<cluster>/<namespace>/auth/<mount>/role/<role>`). */
  readonly principal: string;
  /** The role's `secret-id` endpoint (update, wrapped), as a resource id. */
  readonly secretId: string;
  /** The role's `role-id` endpoint (read), as a resource id. */
  readonly roleId: string;
  /** The wrapping TTLs a mint must ask for (seconds): unwrapped or longer is refused. */
  readonly wrapping: { readonly minSeconds: number; readonly maxSeconds: number };
  /** Request parameters a mint may carry (sorted); every other one is refused. */
  readonly parameters: readonly string[];
}

/** A read of a log group that carries no value (paths in clear, values HMAC'd). */
export interface IntentLogRead {
  /** The log group's ARN. */
  readonly resource: string;
  /** `cluster`: the group holds the requests of every environment on the Vault cluster. */
  readonly scope: "cluster";
  readonly valueFree: true;
  /** The role assumed for the read (the audit stack's reader role), when the group is in another account. */
  readonly via?: string;
}

export interface IntentEnvironment {
  readonly name: string;
  readonly production: boolean;
  /** The stack that holds the environment (any name: a composed environment lives in the team's stack). */
  readonly stack: string;
  readonly vault?: {
    readonly cluster: string;
    readonly address: string;
    readonly namespace: string;
    readonly isolation: "namespace" | "mount";
    readonly mountPrefix?: string;
    /** The stack holding the cluster's shared pieces (namespaces, audit); "" when no stack of the directory does. */
    readonly clusterStack: string;
  };
  /** `accountStack`: the stack holding the account's shared pieces (trail, OIDC); "" when no stack of the directory does. */
  readonly aws?: { readonly accountId: string; readonly region: string; readonly partition: string; readonly accountStack: string };
  /** Sorted by id. */
  readonly credentials: readonly IntentCredential[];
  /** Sorted by id. */
  readonly principals: readonly IntentPrincipal[];
}

/**
 * A declared, approved boundary exception as the inventory states it (dates as written, nothing
 * derived from today), with the roles of its environment it may cover: `simulate` reports a
 * finding of one of these roles on exactly this target as allowed by the exception.
 */
export interface IntentException {
  readonly id: string;
  readonly boundary: "cross-environment-trust" | "wildcard-permission";
  readonly connector: string;
  readonly credential?: string;
  readonly consumer?: string;
  readonly environment: string;
  /** The trusted account, or the wildcard action or resource ARN, as written. */
  readonly target: string;
  readonly reason: string;
  readonly requestedBy: string;
  readonly approvedBy: string;
  /** Last day it holds (YYYY-MM-DD). */
  readonly expires: string;
  /** Principal ids (role ARNs) of the environment whose findings on `target` it covers. Sorted. */
  readonly principals: readonly string[];
}

export interface IntentManifest {
  readonly format: typeof INTENT_FORMAT;
  readonly organization: string;
  /**
   * The library's stacks, sorted: those whose metadata carries a part of the intent (an intent.json of
   * an earlier version: every stack synth wrote, and a directory missing one of them is partial).
   */
  readonly stacks: readonly string[];
  /** Sorted by name. */
  readonly environments: readonly IntentEnvironment[];
  /** Declared boundary exceptions, sorted by id; absent when the inventory declares none. */
  readonly exceptions?: readonly IntentException[];
  /** Declared check suppressions, sorted; absent when the inventory declares none. */
  readonly suppressions?: readonly IntentSuppression[];
}

/**
 * A check suppression for the review: the rule id and target as display rules allow them
 * (lib/inventory/display.ts: shown, or `<redacted, N chars>`); its free-text reason stays in the inventory.
 */
export interface IntentSuppression {
  readonly rule: string;
  /** Absent: everywhere. */
  readonly target?: string;
}

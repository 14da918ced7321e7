import type { IamPolicy } from "../iam/policy-document";
import type { IntentManifest, PrincipalClass, VaultPathKind } from "../../intent/types";
import type { ParsedPolicy } from "../../vault-hcl/policy-document";
import type { ServerObject } from "../identity/server-objects";
import type { StackIndex } from "./references";

/** A Vault auth role or identity group, with the policies its tokens carry. */
export interface VaultPrincipal {
  readonly kind: "vault";
  readonly id: string;
  readonly stack: string;
  readonly address: string;
  /** From the intent when declared there, else the stack's environment or the namespace's. */
  readonly environment?: string;
  readonly class?: PrincipalClass;
  readonly cluster: string;
  /** The namespace the token lives in ("" for root). */
  readonly namespace: string;
  /** Terraform type of the role or group. */
  readonly type: string;
  readonly policyNames: readonly string[];
  readonly policies: readonly ParsedPolicy[];
  /** Token policies with no vault_policy in the synth output (they grant nothing the model can see). */
  readonly missingPolicies: readonly string[];
}

/** An IAM role (created, existing, or named by a resource policy), with its identity policies. */
export interface IamPrincipal {
  readonly kind: "iam";
  /** ARN without the IAM path. */
  readonly id: string;
  /** ARN as AWS reports it (aws:PrincipalArn), path included. */
  readonly arn: string;
  readonly accountId: string;
  readonly stack?: string;
  readonly address?: string;
  readonly environment?: string;
  readonly class?: PrincipalClass;
  readonly roleName: string;
  /** Role tags, provider default tags included (aws:PrincipalTag/*). */
  readonly tags: Readonly<Record<string, string>>;
  readonly identityPolicies: readonly IamPolicy[];
  /** Attached policies the synth output does not hold (AWS managed, existing): not evaluated. */
  readonly opaquePolicies: readonly string[];
  /** A stand-in for any principal of another account that grants itself everything. */
  readonly outsider?: true;
}

export type Principal = VaultPrincipal | IamPrincipal;

export type LocationOrigin = "intent" | "synth";

export interface VaultLocation {
  readonly store: "vault";
  readonly id: string;
  readonly cluster: string;
  readonly namespace: string;
  readonly path: string;
  readonly kind: VaultPathKind;
  readonly environment?: string;
  readonly credentialId?: string;
  readonly connectorId?: string;
  readonly origin: readonly LocationOrigin[];
  /** The synthesized resource that makes it, when there is one. */
  readonly address?: string;
}

export interface AwsSecret {
  readonly store: "aws";
  /** The secret's (synthetic) ARN. */
  readonly id: string;
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly environment?: string;
  readonly credentialId?: string;
  readonly connectorId?: string;
  /** Secret tags with the provider's default tags. */
  readonly tags: Readonly<Record<string, string>>;
  readonly resourcePolicy?: IamPolicy;
  /** The key that encrypts it; undefined: the AWS managed key. */
  readonly kmsKeyArn?: string;
  readonly keyPolicy?: IamPolicy;
  readonly origin: readonly LocationOrigin[];
  readonly stack?: string;
  readonly address?: string;
}

export type Location = VaultLocation | AwsSecret;

export interface ModelIssue {
  /** `error`: the analysis cannot be trusted (unknown or unmodelled type, unreadable policy). */
  readonly severity: "error" | "warning";
  readonly stack?: string;
  readonly address?: string;
  readonly message: string;
}

export interface AccessModel {
  readonly dir: string;
  readonly intent: IntentManifest;
  readonly stacks: readonly StackIndex[];
  /** Sorted by id. */
  readonly principals: readonly Principal[];
  /** Sorted by id. */
  readonly locations: readonly Location[];
  readonly issues: readonly ModelIssue[];
  /** Every object the stacks write, by server identity (lib/analysis/identity). */
  readonly objects: readonly ServerObject[];
  /** Every created role's trust policy. */
  readonly trusts: readonly RoleTrust[];
  /** Stacks of the directory left out: they carry no etl-secrets metadata (a team's own stacks). */
  readonly ignoredStacks?: readonly string[];
}

/** A role's trust policy, resolved: who may assume it. */
export interface RoleTrust {
  readonly stack: string;
  readonly address: string;
  readonly roleName: string;
  readonly accountId: string;
  readonly environment?: string;
  /** Account ids (or `*`) of AWS principals an Allow statement trusts, with whether it requires sts:ExternalId. */
  readonly trusted: readonly { readonly account: string; readonly externalId: boolean }[];
}

/*
 * Secure-default checks: one rule = one small pure function over the synthesized Terraform JSON of
 * a stack (tokens resolved). Rules never throw (a throwing rule becomes a finding) and never
 * import cdktf; the adapter in ./validation.ts attaches them to stacks.
 */
export type FindingSeverity = "error" | "warning";

/** A resource as the synthesized JSON has it. */
export interface SynthResource {
  /** Terraform type, e.g. `vault_approle_auth_backend_role`. */
  readonly type: string;
  /** Terraform name inside the stack (the construct's unique id). */
  readonly name: string;
  /** `type.name` */
  readonly address: string;
  /** Construct path from cdktf's metadata, e.g. `prod/vault/consumer-orders-nightly/approle`. */
  readonly constructPath: string;
  /** The resource's arguments (snake_case, as in the JSON). */
  readonly config: Readonly<Record<string, unknown>>;
}

/** One stack's synthesized JSON, with the resources flattened for rules. */
export interface SynthStack {
  readonly name: string;
  readonly json: Readonly<Record<string, unknown>>;
  readonly resources: readonly SynthResource[];
  /** The environment this stack belongs to (undefined for cluster and account stacks). */
  readonly environment?: { readonly name: string; readonly production: boolean };
}

export interface RuleFinding {
  /** The resource concerned; undefined for a stack-wide finding. */
  readonly resource?: SynthResource;
  readonly message: string;
}

export interface CheckRule {
  /** Stable id, e.g. `ETL-VAULT-001` or a Checkov id it mirrors such as `CKV_AWS_149`. */
  readonly id: string;
  readonly severity: FindingSeverity;
  readonly description: string;
  /** How to fix what the rule finds. */
  readonly fix: string;
  check(stack: SynthStack): readonly RuleFinding[];
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: FindingSeverity;
  readonly stack: string;
  readonly address?: string;
  readonly constructPath?: string;
  readonly message: string;
  readonly fix: string;
  /** The reason given, when a suppression silenced the finding. */
  readonly suppressedBecause?: string;
}

/** A written decision to accept a finding; it must match something, or it is itself an error. */
export interface Suppression {
  readonly rule: string;
  /** Stack name, resource address or construct path prefix it applies to; omitted: everywhere. */
  readonly target?: string;
  readonly reason: string;
}

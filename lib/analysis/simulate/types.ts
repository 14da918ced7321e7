/** What a simulation reports: the decisions, the violations and what another layer blocks. */
import type { IntentLogRead } from "../../intent/types";
import type { ModelIssue } from "../access-model/types";
import type { AllowedByException, ProofKind } from "../proof/proof";

/**
 * `access`: an evaluated decision the intent does not grant; `mint`: an orchestrator's secret-id
 * minting beyond its declared deliveries (mints.ts); the others come from the proof (lib/analysis/proof).
 */
export type ViolationKind = "access" | "mint" | ProofKind;

export interface Violation {
  readonly kind: ViolationKind;
  readonly principal: string;
  /** The principal's environment ("(none)" when it belongs to none). */
  readonly environment: string;
  readonly resource: string;
  readonly action: string;
  /** The policy and rule or statement that allows it. */
  readonly via: string;
  /** Why it is a violation. */
  readonly reason: string;
  readonly resourceEnvironment?: string;
}

export interface BlockedGrant {
  readonly principal: string;
  readonly environment: string;
  readonly resource: string;
  readonly action: string;
  /** The grant that would allow it. */
  readonly via: string;
  /** The layer that stops it. */
  readonly blockedBy: string;
}

export interface UnmetIntent {
  readonly principal: string;
  readonly environment: string;
  readonly resource: string;
  readonly action: string;
  readonly reason: string;
}

export interface DecisionSummary {
  readonly evaluated: number;
  readonly allowed: number;
  readonly intended: number;
  readonly violations: number;
  readonly blocked: number;
  readonly denied: number;
  /** KMS use of the environment's shared key that Secrets Manager still gates by GetSecretValue. */
  readonly sharedKey: number;
  readonly principals: number;
  readonly locations: number;
  /** Blocked grants by layer. */
  readonly blockedBy: Readonly<Record<string, number>>;
  readonly blockedGrants: readonly BlockedGrant[];
  /** Declared grants the synthesized policies do not give. */
  readonly unmetIntent: number;
  /** Objects the stacks write, identified by server identity. */
  readonly serverObjects: number;
  /** Violations by kind (access decisions and the proof's checks). */
  readonly violationsByKind: Readonly<Record<string, number>>;
  /** Trusted orchestrators' secret-id requests decided (mints.ts); absent when the intent declares no orchestrator. */
  readonly mints?: { readonly evaluated: number; readonly intended: number };
}

export interface SimulationResult {
  readonly decisions: DecisionSummary;
  /** Sorted by principal, resource, action. */
  readonly violations: readonly Violation[];
  readonly unmetIntent: readonly UnmetIntent[];
  readonly issues: readonly ModelIssue[];
  /** Boundary crossings that a declared, unexpired exception allows: not violations, still shown. */
  readonly allowedByException: readonly AllowedByException[];
  /** What each auditor (`etl-secrets audit`) reaches: metadata locations, and values (0 unless a policy was widened). */
  readonly auditors: readonly AuditorReach[];
}

export interface AuditorReach {
  readonly principal: string;
  readonly environment: string;
  /** Distinct locations it may use that hold no value (KV metadata, a secret's description). */
  readonly metadataLocations: number;
  /** Distinct locations where it may read or issue a value: each is also a violation. */
  readonly valueLocations: number;
  /** Declared value-free log reads beyond the environment (the cluster's Vault audit log), from the intent. */
  readonly logReads?: readonly IntentLogRead[];
}

export interface SimulateOptions {
  /** Today (YYYY-MM-DD): an exception expired by then allows nothing. Without it expiry is not judged. */
  readonly now?: string;
}

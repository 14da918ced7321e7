/*
 * `etl-secrets audit`: plain data in, plain data out. The readers (lib/audit/readers) turn the live
 * stores of one environment into `Observations` (metadata with dates, never a value); the findings
 * core (findings.ts) compares them with what the inventory declares (`Declared`, declared.ts) at a
 * given `now`. Nothing here imports cdktf, a provider or an SDK.
 */

/** Version tag of the JSON report. */
export const AUDIT_FORMAT = "etl-secrets-audit/1";

export const FINDING_KINDS = [
  "shadow-secret",
  "shadow-role",
  "retained",
  "dormant",
  "rotation-overdue",
  "review-overdue",
  "quarantined-accessed",
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Where an item lives. Secrets: `vault-kv`, `secrets-manager`; roles: the others. */
export type AuditStore = "vault-kv" | "secrets-manager" | "vault-auth-role" | "vault-database-role" | "iam-role";

export const SECRET_STORES: readonly AuditStore[] = ["vault-kv", "secrets-manager"];

/** Which store reading a date or an access comes from. */
export type EvidenceSource =
  | "inventory"
  | "vault-kv-metadata"
  | "vault-static-role"
  | "vault-audit-log"
  | "approle-secret-id"
  | "vault-auth"
  | "vault-database"
  | "secrets-manager"
  | "iam";

/**
 * One object a store holds, as its metadata. `location` is the store's own name for it:
 * `<kv>/metadata/<key>` (Vault KV), `<auth mount>/role/<name>` (`auth/approle/role/x`),
 * `<db mount>/roles/<name>` or `<db mount>/static-roles/<name>`, the secret name (Secrets
 * Manager), the role name (IAM, compared case-insensitively; the reader lists the environment's path `/<org>/<env>/`). Dates are ISO 8601 strings.
 */
export interface StoreItem {
  readonly store: AuditStore;
  readonly location: string;
  /** When the object was created. */
  readonly created?: string;
  /**
   * When its value last changed, as the store records it: KV `versions[current_version].created_time`,
   * Secrets Manager `CreatedDate` of the `AWSCURRENT` version, a static role's `last_vault_rotation`.
   */
  readonly lastChange?: string;
  /** Secrets Manager `LastRotatedDate` (last successful rotation). */
  readonly lastRotated?: string;
}

/** The last known use of a value-bearing location (a KV data path, a secret name, a static-creds path). */
export interface AccessRecord {
  readonly location: string;
  readonly last: string;
  readonly source: EvidenceSource;
}

/**
 * Where the absence of an access record means "not used": a source that was read and covers
 * `store`'s locations since `since` (absent: since the location exists, e.g. Secrets Manager's
 * `LastAccessedDate`, omitted when the secret was never retrieved).
 */
export interface AccessCoverage {
  readonly store: "vault" | "secrets-manager";
  readonly source: EvidenceSource;
  readonly since?: string;
}

/** A location a reader could not read: reported as unknown, never as a finding. */
export interface Unknown {
  readonly location: string;
  readonly why: string;
}

export interface Observations {
  readonly items: readonly StoreItem[];
  readonly accesses: readonly AccessRecord[];
  readonly coverage: readonly AccessCoverage[];
  readonly unreadable: readonly Unknown[];
}

/** One declared credential of the environment, as the audit needs it (declared.ts builds these from the plan). */
export interface DeclaredCredential {
  /** `<connector>/<credential>` */
  readonly id: string;
  readonly connector: string;
  readonly credential: string;
  readonly store: "vault" | "aws";
  readonly state: "active" | "quarantined" | "retired";
  /** The store item that holds the value (KV metadata location, secret name, static role), when one is stored. */
  readonly item?: { readonly store: AuditStore; readonly location: string };
  /** Where reads of the value show (KV data path, secret name, static-creds path). */
  readonly valueLocations: readonly string[];
  /** Further store objects it owns (database roles, static roles): never shadow. */
  readonly ownedLocations: readonly string[];
  /** Rotation checked from the store's dates: the period and which date counts. */
  readonly rotation?: { readonly days: number; readonly mode: "reminder" | "secrets-manager" | "vault-static-role" | "broker" };
  /** Dormancy period in days: min(class, regulations); absent: not checked (issued, dynamic, role-only). */
  readonly dormancyDays?: number;
  /** `lifecycle.reviewBy` (YYYY-MM-DD). */
  readonly reviewBy: string;
  /** `lifecycle.quarantinedOn` (YYYY-MM-DD): a read after this day is `quarantined-accessed` (else the look-back). */
  readonly quarantinedOn?: string;
}

export interface Declared {
  readonly environment: string;
  readonly credentials: readonly DeclaredCredential[];
  /** Roles the synthesized stacks create (any store), by location: never shadow. */
  readonly roles: readonly { readonly store: AuditStore; readonly location: string }[];
  /** Locations kept after a retirement (tombstone or retired connector without destroyOnRetire). */
  readonly retained: readonly {
    readonly store: AuditStore;
    readonly location: string;
    /** `location` is a prefix (a retired connector: every credential under it). */
    readonly prefix?: boolean;
    readonly connector?: string;
    readonly credential?: string;
  }[];
}

export interface Finding {
  readonly kind: FindingKind;
  readonly store: AuditStore;
  readonly location: string;
  readonly connector?: string;
  readonly credential?: string;
  readonly evidence: { readonly source: EvidenceSource; readonly date?: string };
  /** One line for people: dates and periods only. */
  readonly detail: string;
}

export interface AuditReport {
  readonly format: typeof AUDIT_FORMAT;
  readonly environment: string;
  /** `YYYY-MM-DD` */
  readonly now: string;
  readonly findings: readonly Finding[];
  readonly unknown: readonly Unknown[];
}

/*
 * Secret scanning: findings are data (file, position, rule, masked excerpt, fingerprint); reading
 * files, running secretlint and formatting are separate steps. A finding never carries the secret.
 */

/** Where a rule saw a secret inside one text: offsets into that text. */
export interface RawMatch {
  readonly ruleId: string;
  /** What kind of secret, e.g. `VaultServiceToken`. */
  readonly messageId: string;
  /** Start offset of the matched value. */
  readonly start: number;
  /** End offset (exclusive) of the matched value. */
  readonly end: number;
}

/** One of our own rules: a pure function of the text, in its own file, with a stable id. */
export interface ScanRule {
  readonly id: string;
  readonly description: string;
  find(text: string): RawMatch[];
}

export interface ScanFinding {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly ruleId: string;
  readonly messageId: string;
  /** The matched value with everything but its first characters replaced by `***`. */
  readonly excerpt: string;
  /** `sha256:<hex>` of the matched value: what an allowlist entry names. */
  readonly fingerprint: string;
}

export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

export interface ScanReport {
  readonly findings: readonly ScanFinding[];
  /** Findings that an allowlist entry accepted (masked like the others). */
  readonly allowed: readonly (ScanFinding & { readonly reason: string })[];
  readonly skipped: readonly SkippedFile[];
  readonly scannedFiles: number;
  /** Allowlist entries that matched nothing (stale entries hide nothing and should go). */
  readonly unusedAllowlistEntries: readonly string[];
}

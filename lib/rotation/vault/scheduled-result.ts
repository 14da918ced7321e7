/** What one credential's run did. */
export type ScheduledOutcome = "rotated" | "recently-rotated" | "another-run-won";

/** The outcome and the version that is current after it (the one announced). */
export interface ScheduledResult {
  readonly outcome: ScheduledOutcome;
  readonly version: number;
  /** Vault's creation time of that version: the rotation's time, the same on every retry. */
  readonly createdTime: string;
}

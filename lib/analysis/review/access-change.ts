/** One row of the review's access tables: a principal's actions on a resource gained or lost. */
export interface AccessChange {
  readonly environment: string;
  readonly principal: string;
  readonly resource: string;
  /** Sorted. */
  readonly actions: readonly string[];
  /** The head grant is a violation of the intent (gained only). */
  readonly violation?: string;
}

/** One stack of a synth output, as read back from its cdk.tf.json. */
export interface StackFile {
  readonly name: string;
  /** Path of the cdk.tf.json, for messages. */
  readonly file: string;
  readonly json: Readonly<Record<string, unknown>>;
  /**
   * Construct paths (below the stack) of the library's constructs in a stack a team owns, from the
   * stack's metadata; absent when the library owns the whole stack.
   */
  readonly roots?: readonly string[];
}

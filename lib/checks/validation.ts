import type { IConstruct } from "constructs";
import { ALL_RULES } from "./stack-checks";
import { formatFinding, runChecks, type CheckOutcome } from "./run-checks";
import { toSynthStack } from "./synth-stack";
import type { CheckRule, Finding, Suppression, SynthStack } from "./types";

export interface ChecksOptions {
  readonly rules?: readonly CheckRule[];
  readonly suppressions?: readonly Suppression[];
  /** The environment of a stack, for rules that depend on the tier. */
  readonly environmentOf?: (stackName: string) => SynthStack["environment"];
  /**
   * Whether a suppression that matches no finding fails the synth. A construct that renders one
   * environment of an inventory sees only part of what its suppressions were written for.
   * @default true
   */
  readonly reportUnusedSuppressions?: boolean;
}

/** A stack that hands over its final Terraform JSON (see EtlStack). */
export interface CheckableStack extends IConstruct {
  synthesizedJson(): Record<string, unknown>;
}

/**
 * Runs the checks on the stacks' final Terraform JSON, the JSON that is then written, as a cdktf
 * validation: error findings fail `app.synth()` with the construct path and the fix; warnings
 * stay available on the session for the caller to print. Checks only read; they never throw.
 */
export class ChecksSession {
  private outcome?: CheckOutcome;

  constructor(
    private readonly stacks: readonly CheckableStack[],
    private readonly options: ChecksOptions = {},
  ) {
    const names = stacks.map((stack) => stack.node.id).sort();
    for (const stack of stacks) {
      const reportsUnused = options.reportUnusedSuppressions !== false && stack.node.id === names[0];
      stack.node.addValidation({ validate: () => this.errorsFor(stack.node.id, reportsUnused) });
    }
  }

  /** Every finding, suppressed ones included (each with its reason). */
  get findings(): readonly Finding[] {
    return this.run().findings;
  }

  get unusedSuppressions(): readonly Suppression[] {
    return this.run().unusedSuppressions;
  }

  private run(): CheckOutcome {
    if (!this.outcome) {
      const synthStacks = this.stacks.map((stack) =>
        toSynthStack(stack.node.id, stack.synthesizedJson(), this.options.environmentOf?.(stack.node.id)),
      );
      this.outcome = runChecks(synthStacks, this.options.rules ?? ALL_RULES, this.options.suppressions ?? []);
    }
    return this.outcome;
  }

  private errorsFor(stack: string, reportsUnused: boolean): string[] {
    const errors = this.run()
      .findings.filter((f) => f.stack === stack && f.severity === "error" && !f.suppressedBecause)
      .map(formatFinding);
    if (reportsUnused) {
      for (const suppression of this.run().unusedSuppressions) {
        errors.push(
          `[suppression] ${suppression.rule}${suppression.target ? ` on ${suppression.target}` : ""} matches no finding; remove it (reason was: ${suppression.reason})`,
        );
      }
    }
    return errors;
  }
}

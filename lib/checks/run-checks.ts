import type { CheckRule, Finding, Suppression, SynthStack } from "./types";

function matches(suppression: Suppression, finding: Finding): boolean {
  if (suppression.rule !== finding.ruleId) return false;
  const target = suppression.target;
  if (!target) return true;
  return (
    finding.stack === target ||
    finding.address === target ||
    (finding.constructPath !== undefined && (finding.constructPath === target || finding.constructPath.startsWith(`${target}/`)))
  );
}

export interface CheckOutcome {
  readonly findings: readonly Finding[];
  /** Suppressions that matched no finding: stale decisions are errors too. */
  readonly unusedSuppressions: readonly Suppression[];
}

/** Runs rules over stacks; a rule that throws becomes an error finding instead of a crash. */
export function runChecks(
  stacks: readonly SynthStack[],
  rules: readonly CheckRule[],
  suppressions: readonly Suppression[] = [],
): CheckOutcome {
  const used = new Set<Suppression>();
  const findings: Finding[] = [];
  for (const stack of stacks) {
    for (const rule of rules) {
      let results;
      try {
        results = rule.check(stack);
      } catch (error) {
        results = [{ message: `rule ${rule.id} failed on this stack: ${(error as Error).message}` }];
      }
      for (const result of results) {
        const finding: Finding = {
          ruleId: rule.id,
          severity: rule.severity,
          stack: stack.name,
          address: result.resource?.address,
          constructPath: result.resource?.constructPath,
          message: result.message,
          fix: rule.fix,
        };
        const suppression = suppressions.find((s) => matches(s, finding));
        if (suppression) used.add(suppression);
        findings.push(suppression ? { ...finding, suppressedBecause: suppression.reason } : finding);
      }
    }
  }
  return { findings, unusedSuppressions: suppressions.filter((s) => !used.has(s)) };
}

export function formatFinding(finding: Finding): string {
  const where = finding.constructPath ?? finding.stack;
  const suppressed = finding.suppressedBecause ? ` (suppressed: ${finding.suppressedBecause})` : "";
  return `[${finding.ruleId}] ${where}: ${finding.message}. Fix: ${finding.fix}${suppressed}`;
}
